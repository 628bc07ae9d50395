#!/usr/bin/env bash
# End-to-end: `vrex lint` and `vrex shot` on tours. Usage: tour.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Every bundled tour lints clean: no output, exit 0.
for t in "$src"/scenes/*/tour.yaml; do
    msg=$("$vrex" lint "$t" 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] || fail "vrex lint $t exited $rc"
    [ -z "$msg" ] || fail "vrex lint $t printed: $msg"
done

# A broken tour: every problem at once, with file:line:col, exit 1; JSON mode parses.
mkdir -p "$out/broken/panos"
cp "$src/tests/data/grid_512x256.jpg" "$out/broken/panos/a.jpg"
cat >"$out/broken/tour.yaml" <<'YAML'
tour:
  title: Broken
  start: hall
scenes:
  - id: hall
    panorama: panos/a.jpg
    view: {yaw: 0, pitch: 120, hfov: 100}
    hotspots:
      - kind: link
        at: {yaw: 10, pitch: 0}
        target: nowhere
  - id: hall
    panorama: panos/missing.jpg
YAML
"$vrex" lint "$out/broken/tour.yaml" >"$out/lint.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "lint of a broken tour exited $rc, expected 1"
grep -q "tour.yaml:7:.*pitch" "$out/lint.txt" || fail "no pitch error at line 7: $(cat "$out/lint.txt")"
grep -q "tour.yaml:11:.*nowhere" "$out/lint.txt" || fail "no unknown-target error at line 11: $(cat "$out/lint.txt")"
grep -q "tour.yaml:12:.*hall" "$out/lint.txt" || fail "no duplicate-id error at line 12: $(cat "$out/lint.txt")"
grep -q "tour.yaml:13:.*missing.jpg" "$out/lint.txt" || fail "no missing-file error at line 13: $(cat "$out/lint.txt")"
"$vrex" lint --json "$out/broken/tour.yaml" >"$out/lint.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['errors'] >= 4, d" "$out/lint.json" ||
    fail "lint --json is not the expected JSON: $(cat "$out/lint.json")"

# Lint reads model exhibits: a corrupt model is reported at its line, a good one passes.
mkdir -p "$out/models/m"
cp "$src/tests/data/grid_512x256.jpg" "$out/models/hall.jpg"
cp "$src/tests/data/models/duck/Duck.glb" "$out/models/m/duck.glb"
head -c 300 "$src/tests/data/models/duck/Duck.glb" >"$out/models/m/broken.glb"
cat >"$out/models/tour.yaml" <<'YAML'
tour: {title: Models}
scenes:
  - id: hall
    panorama: hall.jpg
    hotspots:
      - {kind: model, at: {yaw: 0, pitch: 0}, exhibit: duck}
      - {kind: model, at: {yaw: 40, pitch: 0}, exhibit: broken}
exhibits:
  - {id: duck, title: Duck, model: m/duck.glb}
  - {id: broken, title: Broken, model: {file: m/broken.glb, distance: 2}}
YAML
"$vrex" lint "$out/models/tour.yaml" >"$out/models/lint.txt" 2>&1
[ $? -eq 1 ] || fail "lint of a tour with a corrupt model did not exit 1"
grep -q "tour.yaml:10:47: error: .*broken.glb: truncated GLB" "$out/models/lint.txt" || fail "corrupt model not reported: $(cat "$out/models/lint.txt")"
grep -q "duck.glb" "$out/models/lint.txt" && fail "the good model was reported: $(cat "$out/models/lint.txt")"

# `vrex shot --open` of a model hotspot (these have no ids: "#N") shows its model where the marker was; a broken
# model shows its placeholder and says why on stderr.
models=("$out/models/tour.yaml" --size 320x200 --pitch 0 --hfov 90)
"$vrex" shot "${models[@]}" --yaw 0 -o "$out/models/plain.png" >"$out/models/shot.txt" 2>&1 ||
    fail "shot failed: $(cat "$out/models/shot.txt")"
for n in 0 1; do
    "$vrex" shot "${models[@]}" --yaw $((n * 40)) --open "#$n" -o "$out/models/open$n.png" \
        >"$out/models/open$n.txt" 2>&1 || fail "shot --open #$n failed: $(cat "$out/models/open$n.txt")"
done
grep -q "broken.glb: truncated GLB" "$out/models/open1.txt" ||
    fail "no reason for the broken model: $(cat "$out/models/open1.txt")"
changed=$(convert "$out/models/plain.png" "$out/models/open0.png" -compose difference -composite -crop 40x40+140+80 \
    +repage -colorspace gray -threshold 3% -format "%[fx:mean]" info:)
echo "shot --open of the duck: $changed of the centre changed"
python3 -c "import sys; sys.exit(0 if $changed > 0.5 else 1)" ||
    fail "shot --open #0 shows no duck: $changed of the centre changed"

# Contact sheet: one PNG per scene.
"$vrex" shot "$src/scenes/museum" --all --size 160x90 -o "$out/sheet" >"$out/sheet.txt" 2>&1 || fail "shot --all failed: $(cat "$out/sheet.txt")"
n_scenes=$(awk '/^[a-z]/ { in_scenes = ($1 == "scenes:") } in_scenes && /^  - id:/ { n++ } END { print n }' "$src/scenes/museum/tour.yaml")
n_png=$(ls "$out/sheet"/*.png 2>/dev/null | wc -l)
[ "$n_png" -eq "$n_scenes" ] || fail "contact sheet has $n_png PNGs for $n_scenes scenes"

# One scene, its view overridden by a flag; an unknown scene is a clear error.
"$vrex" shot "$src/scenes/museum/tour.yaml" --scene walrus --yaw 90 --size 160x90 -o "$out/walrus.png" ||
    fail "shot --scene walrus failed"
[ -s "$out/walrus.png" ] || fail "no walrus.png"
"$vrex" shot "$src/scenes/museum/tour.yaml" --scene nope -o "$out/nope.png" >"$out/nope.txt" 2>&1
[ $? -eq 1 ] || fail "an unknown scene did not exit 1"
grep -q "no scene 'nope'; scenes: whale-left" "$out/nope.txt" || fail "unknown scene message: $(cat "$out/nope.txt")"

# A broken tour is not rendered: the diagnostics are printed and the exit code is 1.
"$vrex" shot "$out/broken/tour.yaml" -o "$out/b.png" >"$out/b.txt" 2>&1
[ $? -eq 1 ] || fail "shot of a broken tour did not exit 1"
grep -q "tour.yaml:11:" "$out/b.txt" || fail "shot of a broken tour did not print the diagnostics"

# `vrex view` on a broken tour says what is wrong (as lint does) and exits 1; without a display, --desktop says so.
env -u DISPLAY "$vrex" view "$out/broken/tour.yaml" --desktop >"$out/view-broken.txt" 2>&1
[ $? -eq 1 ] || fail "view of a broken tour did not exit 1"
grep -q "tour.yaml:11:.*nowhere" "$out/view-broken.txt" || fail "view of a broken tour: $(head -3 "$out/view-broken.txt")"
env -u DISPLAY -u WAYLAND_DISPLAY "$vrex" view "$src/scenes/museum" --desktop >"$out/view-nodisplay.txt" 2>&1
[ $? -eq 3 ] || fail "--desktop without a display did not exit 3"
grep -q "cannot open a window: no display" "$out/view-nodisplay.txt" || fail "no clear reason without a display"

# A cube-face panorama (six files) renders like the same photo as an equirect.
mkdir -p "$out/cube"
cp "$src"/tests/data/jordan-pond/*.jpg "$out/cube/"
cat >"$out/cube/tour.yaml" <<'YAML'
tour: {title: Jordan Pond}
scenes:
  - id: faces
    panorama: {cube: [cube0.jpg, cube1.jpg, cube2.jpg, cube3.jpg, cube4.jpg, cube5.jpg]}
    hotspots:
      - {kind: link, at: {yaw: 90, pitch: 0}, target: equirect}
  - id: equirect
    panorama: equirect.jpg
    hotspots:
      - {kind: link, at: {yaw: -90, pitch: 0}, target: faces}
YAML
msg=$("$vrex" lint "$out/cube/tour.yaml" 2>&1) || fail "the cube tour does not lint clean: $msg"
for scene in faces equirect; do
    "$vrex" shot "$out/cube/tour.yaml" --scene $scene --yaw 120 --pitch 20 --size 320x240 -o "$out/cube/$scene.png" ||
        fail "shot of the $scene scene failed"
done
d=$(convert "$out/cube/faces.png" "$out/cube/equirect.png" -compose difference -composite -colorspace gray \
    -format "%[fx:mean]" info:)
python3 -c "import sys; sys.exit(0 if float('$d') < 0.03 else 1)" || fail "the cube faces and the equirect differ ($d)"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
