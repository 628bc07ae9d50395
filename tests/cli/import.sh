#!/usr/bin/env bash
# End-to-end: `vrex import`, and vrex lint / shot opening foreign tours directly (docs/import/). Usage: import.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Pannellum's two-scene tour beside its (scaled-down) photos.
mkdir -p "$out/pannellum"
cp "$src/tests/data/import/example-tour.json" "$out/pannellum/"
cp "$src/tests/data/jordan-pond/equirect.jpg" "$out/pannellum/examplepano.jpg"
for i in 0 1 2 3 4 5; do cp "$src/tests/data/jordan-pond/cube$i.jpg" "$out/pannellum/examplepanocube$i.jpg"; done

# --copy: tour.yaml and the media in a folder of its own; it lints clean of errors.
"$vrex" import "$out/pannellum/example-tour.json" -o "$out/copied" --copy >"$out/import.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "import --copy exited $rc: $(cat "$out/import.txt")"
grep -q "Pannellum tour, 2 scenes" "$out/import.txt" || fail "no summary: $(cat "$out/import.txt")"
grep -q "example-tour.json:32:.*URL" "$out/import.txt" || fail "no URL warning at line 32: $(cat "$out/import.txt")"
[ -f "$out/copied/examplepanocube5.jpg" ] || fail "--copy did not copy the cube faces"
grep -q "# example-tour.json:44" "$out/copied/tour.yaml" || fail "tour.yaml does not name the source line"
"$vrex" lint "$out/copied/tour.yaml" >"$out/lint-copied.txt" 2>&1 || fail "lint of the import: $(cat "$out/lint-copied.txt")"

# Without --copy, media outside the output folder: refused, nothing written, and the message says what to do.
"$vrex" import "$out/pannellum/example-tour.json" -o "$out/elsewhere" >"$out/refused.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "import with media outside -o exited $rc, expected 1"
grep -q -- "--copy" "$out/refused.txt" || fail "refusal does not name --copy: $(cat "$out/refused.txt")"
[ ! -f "$out/elsewhere/tour.yaml" ] || fail "a refused import wrote tour.yaml"

# Next to the source: works without --copy; a second time needs --force.
"$vrex" import "$out/pannellum/example-tour.json" -o "$out/pannellum" >/dev/null 2>&1 || fail "import beside the source"
echo "# curator's edit" >>"$out/pannellum/tour.yaml"
"$vrex" import "$out/pannellum/example-tour.json" -o "$out/pannellum" >"$out/again.txt" 2>&1
[ $? -eq 1 ] || fail "a second import without --force did not refuse"
grep -q "curator's edit" "$out/pannellum/tour.yaml" || fail "a second import without --force overwrote tour.yaml"
"$vrex" import "$out/pannellum/example-tour.json" -o "$out/pannellum" --force >/dev/null 2>&1 || fail "--force"
grep -q "curator's edit" "$out/pannellum/tour.yaml" && fail "--force did not replace tour.yaml"
rm "$out/pannellum/tour.yaml"

# vrex shot opens the foreign file directly, says what it recognised, and draws the scene.
"$vrex" shot "$out/pannellum/example-tour.json" --scene pondCube --yaw -55 --pitch -5 --size 320x180 \
    -o "$out/pondcube.png" >"$out/shot.txt" 2>&1 || fail "shot of the Pannellum tour: $(cat "$out/shot.txt")"
grep -q "a Pannellum tour, 2 scenes" "$out/shot.txt" || fail "shot did not say what it recognised: $(cat "$out/shot.txt")"
[ "$(grep -c "recognised\|importer" "$out/shot.txt")" -eq 1 ] || fail "not exactly one recognition line"
[ -s "$out/pondcube.png" ] || fail "no picture of the cube scene"

# Pannellum multires: its tiles, opened directly.
mkdir -p "$out/multires"
cp "$src/tests/data/tiles/pannellum-testpattern/config.json" "$out/multires/"
cp -r "$src/tests/data/tiles/pannellum-testpattern" "$out/multires/multires"
"$vrex" shot "$out/multires/config.json" --size 320x180 -o "$out/multires.png" \
    >"$out/multires.txt" 2>&1 || fail "shot of the multires config: $(cat "$out/multires.txt")"
grep -q "a Pannellum tour, 1 scene" "$out/multires.txt" || fail "multires not recognised: $(cat "$out/multires.txt")"

# --copy of a tiled tour copies its tile folder; the copy lints clean.
"$vrex" import "$out/multires/config.json" -o "$out/multires-copied" --copy >"$out/multires-copy.txt" 2>&1 ||
    fail "import --copy of multires: $(cat "$out/multires-copy.txt")"
[ -f "$out/multires-copied/multires/4/f00.png" ] || fail "--copy did not copy the tiles"
grep -q "layout: pannellum" "$out/multires-copied/tour.yaml" || fail "no tiles block: $(cat "$out/multires-copied/tour.yaml")"
"$vrex" lint "$out/multires-copied/tour.yaml" >"$out/multires-lint.txt" 2>&1 || fail "lint: $(cat "$out/multires-lint.txt")"

# vrex lint on krpano's tour.xml: what is not carried over, with the source's lines; the missing media as errors.
"$vrex" lint "$src/tests/data/import/krpano-tour.xml" >"$out/krpano.txt" 2>&1
[ $? -eq 1 ] || fail "lint of the krpano fixture (its media are absent) should exit 1"
grep -q "krpano-tour.xml:15:.*playsound" "$out/krpano.txt" || fail "no action warning at line 15: $(cat "$out/krpano.txt")"
grep -q "krpano-tour.xml:5:.*plugin" "$out/krpano.txt" || fail "no plugin warning at line 5: $(cat "$out/krpano.txt")"

# GPano XMP: a partial panorama (rows 32-160 of the 512x256 grid) shows as the full grid does where it covers,
# and says what it found; looking below its coverage shows something else (seen red with read_gpano ignored).
"$vrex" shot "$src/tests/data/gpano/partial.jpg" --pitch 20 --hfov 100 --size 320x180 -o "$out/gpano.png" \
    >"$out/gpano.txt" 2>&1 || fail "shot of the GPano photo: $(cat "$out/gpano.txt")"
grep -q "GPano): 360 x 90 degrees, centre 22.5" "$out/gpano.txt" || fail "no GPano line: $(cat "$out/gpano.txt")"
"$vrex" shot "$src/tests/data/grid_512x256.jpg" --pitch 20 --hfov 100 --size 320x180 -o "$out/grid.png" >/dev/null 2>&1
psnr=$(compare -metric PSNR "$out/gpano.png" "$out/grid.png" null: 2>&1 | cut -d' ' -f1)
awk -v p="$psnr" 'BEGIN { exit !(p == "inf" || p + 0 >= 30) }' || fail "GPano partial vs full grid: PSNR $psnr < 30 dB"

# Bad input: a clear error naming the file and line, no crash.
printf '{"scenes": {"a": {"panorama": "a.jpg",\n  "hotSpots": [ {"yaw": 1, ]}}}\n' >"$out/broken.json"
"$vrex" import "$out/broken.json" -o "$out/broken" >"$out/broken.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "import of broken JSON exited $rc, expected 1"
grep -q "broken.json:" "$out/broken.txt" || fail "the error does not name the file: $(cat "$out/broken.txt")"

[ "$failures" -eq 0 ] && echo "PASS" && exit 0
exit 1
