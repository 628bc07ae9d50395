#!/usr/bin/env bash
# End-to-end: the real `vrex view` in a GLFW window under Xvfb, driven by xdotool, Vulkan validation on.
# No fixed sleeps stand in for vrex: each step waits for the event vrex prints when it is done (desktop_lib.sh,
# "idle"); every wait is bounded and fails the test with what it was waiting for.
# Usage: desktop.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh"
start_xvfb
trap 'kill $XVFB_PID 2>/dev/null; [ -n "${VREX_PID:-}" ] && kill $VREX_PID 2>/dev/null' EXIT
W=800
H=500
tour="$src/scenes/museum"
# whale-left starts at yaw -70, pitch 15, hfov 100; its info hotspot `whale` is at (-89, 28), the link to the
# dolphins at (-110, -6).
# The focus marker's gold (tint 1, 0.85, 0.3: about srgb(255,237,149)), which neither the white markers nor this
# panorama have; the curator status line's dark red box (120, 28, 24) and its white text.
gold='r>0.8 && r-b>0.25'
status_red='r>0.3 && g<0.25 && b<0.25'
white='r>0.8 && g>0.8 && b>0.8'

# 1. Clicking an info hotspot opens its panel; the picture shows it.
start_vrex info "$tour" --size ${W}x$H
screenshot "$out/before-panel.png"
read -r x y < <(pixel_of -89 28 -70 15 100 $W $H)
xdotool mousemove "$x" "$y" click 1
if wait_for_event '"panel_opened".*"exhibit":"blue-whale"' 5; then
    wait_for_idle_after '"panel_opened"' || fail "the view never settled after the panel opened"
else
    fail "clicking the info hotspot opened no panel"
fi
screenshot "$out/panel.png"
d=$(mean_difference "$out/before-panel.png" "$out/panel.png")
check "$d > 0.01" "the panel is not in the picture (mean difference $d)"
# Esc closes it.
xdotool key Escape
wait_for_event '"panel_closed"' 5 || fail "Esc did not close the panel"

# 2. Clicking a link hotspot enters the target scene. (Opening the panel turned the view to face it: the camera
#    now looks at the info hotspot, (-89, 28).)
read -r x y < <(pixel_of -110 -6 -89 28 100 $W $H)
xdotool mousemove "$x" "$y" click 1
# Backspace goes back, once the fade-in has ended (the viewer takes no actions while fading).
if wait_for_event '"scene_entered".*"scene":"dolphins"' 10; then
    wait_for_idle_after '"scene_entered".*"scene":"dolphins"' || fail "the dolphins scene never finished fading in"
    xdotool key BackSpace
    wait_for_count '"scene_entered".*"scene":"whale-left"' 2 10 || fail "Backspace did not go back to whale-left"
else
    fail "clicking the link did not enter the dolphins scene"
fi

# 3. Dragging turns the view: the picture moves sideways by the dragged amount, and glides on after a release in
#    motion. Only the first idle event with the button up can follow the release, and it comes once the glide ends.
wait_for_idle_after '"scene_entered".*"scene":"whale-left"' || fail "whale-left never finished fading in"
screenshot "$out/before-drag.png"
settle xdotool mousemove 600 150
n=$(idle_count)
xdotool mousedown 1
# The 0.03 s pauses are the speed of a hand, not a wait for vrex.
for step in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((600 - step * 20)) 150; sleep 0.03; done
xdotool mouseup 1
wait_for_idle "$n" '"button_down":false' || fail "the view never came to rest after the drag"
screenshot "$out/after-drag.png"
d=$(mean_difference "$out/before-drag.png" "$out/after-drag.png")
check "$d > 0.02" "dragging did not change the view (mean difference $d)"

# 4. Resize and minimise/restore, with validation on (no errors, checked at exit): each is drawn at the new size,
#    a minimised window stops drawing (0x0), and the restored window shows the same picture as before.
n=$(idle_count)
xdotool windowsize "$VREX_WINDOW" 640 400
wait_for_idle "$n" '"width":640,"height":400' || fail "after a resize to 640x400 no frame of that size was presented"
n=$(idle_count)
minimise "$VREX_WINDOW"
wait_for_idle "$n" '"width":0,"height":0' || fail "a minimised window did not stop drawing"
n=$(idle_count)
restore "$VREX_WINDOW"
wait_for_idle "$n" '"width":640,"height":400' || fail "the restored window was not drawn again"
n=$(idle_count)
xdotool windowsize "$VREX_WINDOW" $W $H
wait_for_idle "$n" "\"width\":$W,\"height\":$H" || fail "after a resize back to ${W}x$H no frame of that size"
screenshot "$out/restored.png"
d=$(mean_difference "$out/after-drag.png" "$out/restored.png")
check "$d < 0.002" "the restored window does not show the picture it showed before (mean difference $d)"
stop_vrex

# 5. Keyboard only: Tab focuses the hotspot nearest the view centre (the whale) and turns the view to it: the picture
#    changes, and the whale's marker, now gold, is where the turned camera puts it (the middle). Enter activates it.
start_vrex keys "$tour" --size ${W}x$H
screenshot "$out/before-focus.png"
settle xdotool key Tab
screenshot "$out/focused.png"
d=$(mean_difference "$out/before-focus.png" "$out/focused.png")
check "$d > 0.02" "Tab did not turn the view (mean difference $d)"
read -r x y < <(pixel_of -89 28 -89 28 100 $W $H)
marker="64x64+$((x - 32))+$((y - 32))"
before=$(fraction "$out/before-focus.png" "$marker" "$gold")
after=$(fraction "$out/focused.png" "$marker" "$gold")
echo "gold around ($x, $y): $before before Tab, $after after"
check "$before < 0.01 and $after > 0.04" "no focused marker at ($x, $y) after Tab (gold share $before before, $after after)"
xdotool key Return
wait_for_event '"hotspot_activated"' 5 || fail "Tab + Enter activated nothing"
activated='"panel_opened"|"scene_entered".*"scene":"(walrus|dolphins|whale-right)"'
wait_for_event "$activated" 10 || fail "Tab + Enter neither opened a panel nor entered a scene: $(cat "$VREX_EVENTS")"
# L switches the language (after the turn or fade that Enter started: no actions while fading).
wait_for_idle_after "$activated" || fail "the view never settled after Enter"
xdotool key l
wait_for_event '"language_changed".*"language":"en"' 5 || fail "L did not switch to English"
stop_vrex

# 6. Curator mode: a click prints a ready-to-paste yaw/pitch line; saving the file reloads it; a broken save
#    is reported and the last good tour stays.
mkdir -p "$out/edit"
cp -r "$tour"/. "$out/edit/"
start_vrex edit "$out/edit/tour.yaml" --edit --size ${W}x$H
read -r x y < <(pixel_of -70 0 -70 15 100 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '^at: \{yaw: -?[0-9.]+, pitch: -?[0-9.]+\}$' 5 || fail "a click in --edit printed no yaw/pitch line"
python3 - "$VREX_EVENTS" <<'PY' || fail "the printed yaw/pitch is not where the click was"
import re, sys
m = re.search(r'^at: \{yaw: (-?[0-9.]+), pitch: (-?[0-9.]+)\}$', open(sys.argv[1]).read(), re.M)
yaw, pitch = float(m.group(1)), float(m.group(2))
assert abs(yaw + 70) < 0.5 and abs(pitch) < 0.5, (yaw, pitch)
PY
# A drag of 200 px to the left, held still before release (no glide), turns the view right by exactly
# 200 px * 100 deg / 800 px = 25 deg: a click in the middle then reports yaw -45 (and the start pitch, 15).
# The hand stops after each step until vrex is idle again: idle means the drag is held still long enough that a
# release would not glide (Viewer::animating), and each idle event can only follow its own step.
wait_for_idle_after '^at: ' || fail "the view never settled after the click"
settle xdotool mousemove 600 250
settle xdotool mousedown 1
for step in 1 2 3 4 5 6 7 8 9 10; do settle xdotool mousemove $((600 - step * 20)) 250 || break; done
settle xdotool mouseup 1
xdotool click 1
wait_for_count '^at: ' 2 5 || fail "the click after the drag printed no yaw/pitch line"
python3 - "$VREX_EVENTS" <<'PY' || fail "the drag did not turn the view by 25 degrees"
import re, sys
yaw, pitch = map(float, re.findall(r'^at: \{yaw: (-?[0-9.]+), pitch: (-?[0-9.]+)\}$', open(sys.argv[1]).read(), re.M)[-1])
print('after the drag the centre is at', yaw, pitch)
assert abs(yaw + 45) < 1.0 and abs(pitch - 15) < 1.0, (yaw, pitch)
PY
wait_for_idle_after '^at: ' || fail "the view never settled after the second click"
sed -i 's/title: {zh: 蓝鲸之下, en: Under the blue whale}/title: {zh: 蓝鲸下面, en: Beneath the whale}/' "$out/edit/tour.yaml"
wait_for_event '"tour_reloaded"' 5 || fail "saving the tour did not reload it"
wait_for_idle_after '"tour_reloaded"' || fail "the reloaded tour was never drawn"
screenshot "$out/before-broken-save.png"
n=$(idle_count)
echo "scenes: [oops" >>"$out/edit/tour.yaml"
for _ in $(seq 50); do grep -q "tour.yaml:[0-9]*:[0-9]*: error" "$VREX_ERR" && break; sleep 0.1; done
grep -q "tour.yaml:[0-9]*:[0-9]*: error" "$VREX_ERR" || fail "a broken save printed no lint message"
wait_for_idle "$n" || fail "the broken save was never drawn"
kill -0 "$VREX_PID" 2>/dev/null || fail "a broken save stopped the viewer"
screenshot "$out/broken-save.png"
# The status line: a dark red box across the bottom (20 px margins) with the lint message in white on it.
status="760x56+20+422"
red_before=$(fraction "$out/before-broken-save.png" "$status" "$status_red")
red=$(fraction "$out/broken-save.png" "$status" "$status_red")
text=$(fraction "$out/broken-save.png" "$status" "$white")
echo "status box: red share $red_before before the broken save, $red after, white (text) share $text"
check "$red_before < 0.05 and $red > 0.5 and $text > 0.02" \
    "the lint message is not on screen after a broken save (red $red_before before, $red after; white $text)"
stop_vrex

# 7. A tour with a missing panorama still opens; that scene shows the problem.
mkdir -p "$out/missing"
cp -r "$tour"/. "$out/missing/"
rm "$out/missing/panos/dolphins.jpg"
start_vrex missing "$out/missing" --scene dolphins --size ${W}x$H
screenshot "$out/placeholder.png"
grep -q "dolphins.jpg" "$VREX_ERR" || fail "the missing panorama was not reported"
# The placeholder is a red panel in the middle of a grey view.
red=$(convert "$out/placeholder.png" -crop 200x100+300+200 +repage -format "%[fx:mean.r-mean.b]" info:)
check "$red > 0.1" "no placeholder panel in the picture ($red)"
stop_vrex

# 8. A single panorama image opens as a one-scene tour.
start_vrex image "$tour/panos/walrus.jpg" --size ${W}x$H
grep -q '"scene_entered".*"scene":"panorama"' "$VREX_EVENTS" || fail "an image did not open as a one-scene tour"
stop_vrex

# 9. A model hotspot opens its object (the glTF duck, turntable off so that it rests); a drag that starts on the
#    object turns it, and not the camera: the object's pixels change, the panorama beside it does not, and a click
#    (in --edit) still reports the direction the unturned camera gives that pixel.
mkdir -p "$out/model"
cp "$src/tests/data/grid_512x256.jpg" "$out/model/grid.jpg"
cp "$src/tests/data/models/duck/Duck.glb" "$out/model/Duck.glb"
cat >"$out/model/tour.yaml" <<'YAML'
tour: {title: Duck}
scenes:
  - id: room
    panorama: grid.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: duck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: duck}
exhibits:
  - {id: duck, title: Duck, model: {file: Duck.glb, size: 40, turntable: false}}
YAML
start_vrex model "$out/model/tour.yaml" --edit --size ${W}x$H
screenshot "$out/before-model.png"
xdotool mousemove $((W / 2)) $((H / 2)) click 1
if wait_for_event '"model_opened".*"exhibit":"duck"' 5; then
    wait_for_idle_after '"model_opened"' 30 || fail "the model never came to rest on screen"
else
    fail "clicking the model hotspot opened no model"
fi
screenshot "$out/model.png"
d=$(mean_difference "$out/before-model.png" "$out/model.png")
check "$d > 0.01" "the model is not in the picture (mean difference $d)"
settle xdotool mousemove $((W / 2 - 20)) $((H / 2 + 20))
settle xdotool mousedown 1
for step in $(seq 30); do settle xdotool mousemove $((W / 2 - 20 + step * 10)) $((H / 2 + 20)) || break; done
settle xdotool mouseup 1
screenshot "$out/model-turned.png"
# The object (40 degrees across: about 290 px) in the middle; the panorama beside it, on the left. Unturned, both
# crops are identical (0); the 33.75-degree turn measured 0.014 on the object.
for f in model model-turned; do
    convert "$out/$f.png" -crop 300x300+$((W / 2 - 150))+$((H / 2 - 150)) +repage "$out/$f-object.png"
    convert "$out/$f.png" -crop 150x$H+0+0 +repage "$out/$f-left.png"
done
object=$(mean_difference "$out/model-object.png" "$out/model-turned-object.png")
left=$(mean_difference "$out/model-left.png" "$out/model-turned-left.png")
echo "dragging the object: mean difference $object on it, $left beside it"
check "$object > 0.003" "dragging the object did not turn it (mean difference $object)"
check "$left < 0.002" "dragging the object turned the camera (the panorama beside it changed: mean difference $left)"
grep -q '"model_closed"' "$VREX_EVENTS" && fail "the drag closed the model"
# By the expected angle: the 300 px drag to the right at 90 degrees across 800 px is -33.75 degrees (a drag turns
# the object as it turns the view: hfov/width per pixel, positive for a drag to the left). The release says so, and
# the window's picture is `vrex shot --turn-model` of that angle, not of the opposite one.
python3 - "$VREX_EVENTS" <<'PY' || fail "the drag did not turn the object by -33.75 degrees"
import json, sys
released = [json.loads(l) for l in open(sys.argv[1]) if '"model_released"' in l]
print('model_released:', released[-1] if released else None)
assert released and abs(released[-1]['turn_deg'] + 33.75) < 0.2, released
PY
for t in -33.75 33.75; do
    "$vrex" shot "$out/model/tour.yaml" --open duck --turn-model "$t" --size ${W}x$H -o "$out/model-shot$t.png" ||
        fail "vrex shot --turn-model $t failed"
    convert "$out/model-shot$t.png" -crop 300x300+$((W / 2 - 150))+$((H / 2 - 150)) +repage "$out/model-shot$t-object.png"
done
same=$(mean_difference "$out/model-turned-object.png" "$out/model-shot-33.75-object.png")
opposite=$(mean_difference "$out/model-turned-object.png" "$out/model-shot33.75-object.png")
echo "the dragged object against vrex shot --turn-model: $same at -33.75, $opposite at +33.75"
check "$same < 0.002 and $same * 4 < $opposite" "the dragged object is not the one turned by -33.75 degrees ($same; opposite $opposite)"
read -r x y < <(pixel_of -35 0 0 0 90 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '"model_closed"' 5 || fail "a click beside the object did not close it"
wait_for_count '^at: ' 2 5 || fail "the click beside the object printed no yaw/pitch line"
python3 - "$VREX_EVENTS" <<'PY' || fail "the camera turned while the object was dragged"
import re, sys
yaw, pitch = map(float, re.findall(r'^at: \{yaw: (-?[0-9.]+), pitch: (-?[0-9.]+)\}$', open(sys.argv[1]).read(), re.M)[-1])
print('after dragging the object, the click is at', yaw, pitch)
assert abs(yaw + 35) < 0.5 and abs(pitch) < 0.5, (yaw, pitch)
PY
stop_vrex

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
