#!/usr/bin/env bash
# End-to-end: image galleries in the real `vrex view` window under Xvfb (xdotool keys and clicks, screenshots, each
# step waiting for vrex's idle event as desktop.sh does), and `vrex shot --open` of a media hotspot.
# Usage: gallery.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh"
W=800
H=500

# A hall with a gallery of three pictures: an orange landscape (sunrise.jpg), a blue portrait (tower.jpg) and a green
# checker (tiles.png); and a media hotspot whose only picture is broken.
tour="$out/tour"
mkdir -p "$tour"
cp "$src/tests/data/grid_512x256.jpg" "$tour/grid.jpg"
cp "$src/tests/data/gallery/"* "$tour/"
cat >"$tour/tour.yaml" <<'YAML'
tour: {title: Gallery test, languages: [en, zh]}
scenes:
  - id: hall
    panorama: grid.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: photos, kind: media, at: {yaw: 12, pitch: -6}, exhibit: series}
exhibits:
  - id: series
    title: {en: Shapes, zh: 形状}
    images:
      - {file: sunrise.jpg, caption: {en: Sunrise, zh: 日出}}
      - {file: tower.jpg, caption: The tower}
      - tiles.png
YAML

# A strip across the top of the picture's frame (the panel 1.4 m ahead, 1.2 m wide: the frame, 0.91 m wide, spans
# about 270..530 px, from about y 138 down), where the sunrise is orange, the tower blue (with its yellow window) and
# the checker green and pale green.
frame_crop="100x16+350+146"
orange='r>0.5 && g>0.15 && g<0.6 && b<0.3'
blue='b>0.35 && r<0.3'
green='g>0.35 && g>r+0.03 && g>b+0.03' # the dark and the pale green
# picture NAME: which of the three colours fills most of the frame in the screenshot NAME.png.
picture() {
    local o b g
    o=$(fraction "$out/$1.png" "$frame_crop" "$orange")
    b=$(fraction "$out/$1.png" "$frame_crop" "$blue")
    g=$(fraction "$out/$1.png" "$frame_crop" "$green")
    python3 -c "import sys; v={'sunrise':$o,'tower':$b,'tiles':$g}; k=max(v,key=v.get); print(k if v[k]>0.3 else 'none')"
}
# step ACTION... : one key or click, then waits for its gallery_step and the idle after it; prints nothing.
step() {
    local n
    n=$(grep -c '"gallery_step"' "$VREX_EVENTS")
    "$@"
    wait_for_count '"gallery_step"' $((n + 1)) 5 || { fail "no gallery_step after: $*"; return 1; }
    wait_for_idle_after '"gallery_step"' || fail "vrex never went idle after: $*"
}
last_index() { grep '"gallery_step"' "$VREX_EVENTS" | tail -1 | sed 's/.*"index":\([0-9]*\).*/\1/'; }

start_xvfb
trap 'kill $XVFB_PID 2>/dev/null; [ -n "${VREX_PID:-}" ] && kill $VREX_PID 2>/dev/null' EXIT

# 1. A click on the media marker opens the gallery at its first picture; the view turns to face it.
start_vrex gallery "$tour" --size ${W}x$H
screenshot "$out/before.png"
read -r x y < <(pixel_of 12 -6 0 0 90 $W $H)
xdotool mousemove "$x" "$y" click 1
if wait_for_event '"gallery_opened".*"hotspot":"photos".*"index":0,"count":3' 5; then
    wait_for_idle_after '"gallery_opened"' || fail "the view never settled after the gallery opened"
else
    fail "clicking the media hotspot opened no gallery: $(tail -3 "$VREX_EVENTS")"
fi
settle xdotool mousemove 1270 790 # off the window: nothing hovered
screenshot "$out/first.png"
[ "$(picture first)" = sunrise ] || fail "the first picture (orange) is not on screen: $(picture first)"

# 2. The arrow keys step forward and back (and do not turn the view: the same picture comes back).
step xdotool key Right
[ "$(last_index)" = 1 ] || fail "Right did not show the second picture (index $(last_index))"
screenshot "$out/key-right.png"
[ "$(picture key-right)" = tower ] || fail "after Right the tower (blue) is not on screen: $(picture key-right)"
step xdotool key Left
[ "$(last_index)" = 0 ] || fail "Left did not go back to the first picture (index $(last_index))"
screenshot "$out/key-left.png"
d=$(mean_difference "$out/first.png" "$out/key-left.png")
check "$d < 0.004" "Right then Left does not show the first view again (mean difference $d)"
step xdotool key Left # round to the last one
[ "$(last_index)" = 2 ] || fail "Left on the first picture did not wrap to the last (index $(last_index))"
screenshot "$out/wrapped.png"
[ "$(picture wrapped)" = tiles ] || fail "after wrapping the checker (green) is not on screen: $(picture wrapped)"

# 3. Clicks on the arrows step too. The view faces the panel (1.2 m wide, 1.4 m away, hfov 90): the next arrow's
#    strip is 0.46..0.6 m right of the centre, so about 530..571 px; the previous one mirrored.
step xdotool mousemove 551 250 click 1
[ "$(last_index)" = 0 ] || fail "a click on the next arrow did not wrap to the first picture (index $(last_index))"
step xdotool mousemove 249 250 click 1
[ "$(last_index)" = 2 ] || fail "a click on the previous arrow did not step back (index $(last_index))"
settle xdotool mousemove 1270 790
screenshot "$out/clicked.png"
d=$(mean_difference "$out/wrapped.png" "$out/clicked.png")
check "$d < 0.004" "after next and previous by click the checker view differs (mean difference $d)"
grep -q '"gallery_closed"' "$VREX_EVENTS" && fail "a click on an arrow closed the gallery"

# 4. Esc closes it; then the arrow keys turn the view again.
xdotool key Escape
wait_for_event '"gallery_closed".*"photos"' 5 || fail "Esc did not close the gallery"
wait_for_idle_after '"gallery_closed"' || fail "vrex never went idle after closing the gallery"
stop_vrex

# 5. `vrex shot --open` of the media hotspot shows the gallery at its first picture, waited for.
"$vrex" shot "$tour" --open photos --size ${W}x$H -o "$out/shot.png" >"$out/shot.out" 2>&1 ||
    fail "vrex shot --open photos failed: $(tail -3 "$out/shot.out")"
[ -s "$out/shot.png" ] && [ "$(picture shot)" = sunrise ] || fail "the shot does not show the first picture: $(picture shot)"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
