#!/usr/bin/env bash
# End-to-end: `vrex shot` of a tour scene whose panorama is a tiled pyramid (made by `vrex tile`) waits for the tiles
# its view needs, so that the picture matches the same panorama given whole; a missing tile of the finest level is
# logged and drawn from a coarser one (the shot still ends, exit 0). Usage: tiled_shot.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out/tour/panos"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cp "$src/tests/data/grid_2048x1024.jpg" "$out/tour/panos/grid.jpg"
"$vrex" tile "$out/tour/panos/grid.jpg" -o "$out/tour/panos/grid.tiles" --tile-size 256 --quality 95 >"$out/tile.txt" 2>&1 ||
    fail "vrex tile: $(cat "$out/tile.txt")"
cat >"$out/tour/tour.yaml" <<'YAML'
tour: {title: Tiled shot}
scenes:
  - id: tiled
    panorama: {tiles: panos/grid.tiles}
    hotspots: [{kind: link, at: {yaw: 0, pitch: -30}, target: whole}]
  - id: whole
    panorama: panos/grid.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: -30}, target: tiled}]
YAML

# shot SCENE NAME [ARGS...]: a 640x480 shot without hotspots, validation on.
shot() {
    local scene="$1" name="$2"
    shift 2
    VREX_VALIDATION=1 "$vrex" shot "$out/tour/tour.yaml" --scene "$scene" --no-hotspots --size 640x480 --timings \
        -o "$out/$name.png" "$@" >"$out/$name.txt" 2>&1
    local rc=$?
    [ "$rc" -eq 0 ] || fail "shot $name exited $rc: $(tail -3 "$out/$name.txt")"
}
psnr() { compare -metric PSNR "$1" "$2" null: 2>&1 | cut -d' ' -f1; }
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

for view in "0 0" "45 35" "-120 -20"; do
    set -- $view
    shot tiled "tiled_$1" --yaw "$1" --pitch "$2" --hfov 90
    shot whole "whole_$1" --yaw "$1" --pitch "$2" --hfov 90
    grep -q "tiles wait" "$out/tiled_$1.txt" || fail "no tiles wait in the timings of yaw $1"
    db=$(psnr "$out/tiled_$1.png" "$out/whole_$1.png")
    echo "yaw $1 pitch $2: tiled against whole $db dB"
    above "$db" 34 || fail "yaw $1 pitch $2: the tiled shot is $db dB from the whole panorama's (the shot did not wait?)"
done

# A finest-level tile of the front face hidden: logged, the coarser level drawn there, the shot ends.
mv "$out/tour/panos/grid.tiles/2/f/1_1.jpg" "$out/hidden.jpg"
shot tiled hidden --yaw 0 --pitch 0 --hfov 90
grep -q "not shown (a coarser level covers it)" "$out/hidden.txt" || fail "the missing tile was not logged"
grep -q "1_1.jpg" "$out/hidden.txt" || fail "the log does not name the missing file"
db=$(psnr "$out/hidden.png" "$out/whole_0.png")
echo "hidden tile: $db dB"
above "$db" 25 || fail "a hole where the tile is missing ($db dB)"

[ "$failures" -eq 0 ] || exit 1
echo "tiled shot: all checks passed"
