#!/usr/bin/env bash
# End-to-end: the real `vrex tile` makes a pyramid that a tour names and `vrex lint` accepts; bad inputs are clear
# errors. Usage: tile.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE PATTERN -- ARGS...: runs vrex, checks the exit code and that stderr+stdout match PATTERN.
expect() {
    local code="$1" pattern="$2"
    shift 3
    local log="$out/log.txt"
    "$vrex" "$@" >"$log" 2>&1
    local rc=$?
    cat "$log" >>"$out/all-runs.txt"
    [ "$rc" -eq "$code" ] || fail "vrex $* exited $rc, expected $code: $(cat "$log")"
    [ -z "$pattern" ] || grep -Eq -- "$pattern" "$log" || fail "vrex $* printed '$(cat "$log")', expected /$pattern/"
    if grep -q "Segmentation\|core dumped\|Aborted" "$log"; then fail "vrex $* crashed"; fi
}

mkdir -p "$out/tour/panos"
expect 0 "84 tiles, 3 levels, faces 164 to 656 px, 256 px tiles" -- \
    tile "$src/tests/data/grid_2048x1024.jpg" -o "$out/tour/panos/grid.tiles" --tile-size 256 --quality 80 --preview-size 512
grep -q $'\r' "$out/log.txt" && fail "progress with \\r written to a file, not a terminal"
[ "$(find "$out/tour/panos/grid.tiles" -name '*.jpg' | wc -l)" -eq 85 ] || fail "expected 84 tiles and a preview"
[ -f "$out/tour/panos/grid.tiles/2/u/2_2.jpg" ] || fail "the up face's last tile of level 2 is missing"
python3 - "$out/tour/panos/grid.tiles" <<'PY' || fail "tiles.json is not the documented manifest"
import json, sys
m = json.load(open(sys.argv[1] + "/tiles.json"))
assert m["vrex_tiles"] == 1 and m["extension"] == "jpg" and m["preview"] == "preview.jpg", m
assert [l["face_size"] for l in m["levels"]] == [164, 328, 656], m["levels"]
assert all(l["tile_size"] == 256 for l in m["levels"]), m["levels"]
PY
cp -r "$src/tests/data/tiles/pannellum-testpattern" "$out/tour/testpattern"
cat >"$out/tour/tour.yaml" <<'YAML'
tour: {title: Tiles}
scenes:
  - id: a
    panorama: {tiles: panos/grid.tiles}
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: b}]
  - id: b
    panorama:
      tiles: {layout: pannellum, path: "testpattern/%l/%s%x%y", extension: png, tile_size: 256, face_size: 2048,
              levels: 4, fallback: "testpattern/fallback/%s"}
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: a}]
YAML
expect 0 "" -- lint "$out/tour/tour.yaml"
rm "$out/tour/testpattern/1/u00.png" "$out/tour/panos/grid.tiles/0/d/0_0.jpg"
expect 1 "tour.yaml:8:14: error: 1 file of the coarsest level.*testpattern/1/u00.png" -- lint "$out/tour/tour.yaml"
grep -q "tour.yaml:4:23: error: 1 file of the coarsest level.*panos/grid.tiles/0/d/0_0.jpg" "$out/log.txt" ||
    fail "the vrex pyramid's missing tile is not reported: $(cat "$out/log.txt")"

# Bad inputs: exit 1 naming the file, or 2 for usage.
echo "not a picture" >"$out/text.jpg"
expect 1 "text.jpg" -- tile "$out/text.jpg" -o "$out/bad.tiles"
expect 1 "not a 2:1 equirect" -- tile "$src/tests/data/jordan-pond/cube0.jpg" -o "$out/bad.tiles"
expect 1 "six cube faces, not 2 files" -- tile "$out/text.jpg" "$out/text.jpg" -o "$out/bad.tiles"
expect 2 "quality" -- tile "$src/tests/data/grid_512x256.jpg" -o "$out/bad.tiles" --quality 0
[ -e "$out/bad.tiles/tiles.json" ] && fail "a failed run left a manifest"

[ "$failures" -eq 0 ] && echo "cli.tile: all passed"
exit $((failures > 0))
