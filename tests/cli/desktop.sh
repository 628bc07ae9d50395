#!/usr/bin/env bash
# End-to-end: the real `vrex view` in a GLFW window under Xvfb, driven by xdotool, Vulkan validation on.
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

# 1. Clicking an info hotspot opens its panel; the picture shows it.
start_vrex info "$tour" --size ${W}x$H
screenshot "$out/before-panel.png"
read -r x y < <(pixel_of -89 28 -70 15 100 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '"panel_opened".*"exhibit":"blue-whale"' 5 || fail "clicking the info hotspot opened no panel"
sleep 0.5
screenshot "$out/panel.png"
d=$(mean_difference "$out/before-panel.png" "$out/panel.png")
python3 -c "import sys; sys.exit(0 if float('$d') > 0.01 else 1)" || fail "the panel is not in the picture (mean difference $d)"
# Esc closes it.
xdotool key Escape
wait_for_event '"panel_closed"' 5 || fail "Esc did not close the panel"

# 2. Clicking a link hotspot enters the target scene. (Opening the panel turned the view to face it: the camera
#    now looks at the info hotspot, (-89, 28).)
read -r x y < <(pixel_of -110 -6 -89 28 100 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '"scene_entered".*"scene":"dolphins"' 10 || fail "clicking the link did not enter the dolphins scene"
# Backspace goes back.
sleep 1
xdotool key BackSpace
wait_for_count '"scene_entered".*"scene":"whale-left"' 2 10 || fail "Backspace did not go back to whale-left"

# 3. Dragging turns the view: the picture moves sideways by the dragged amount.
sleep 1
screenshot "$out/before-drag.png"
xdotool mousemove 600 150 mousedown 1
for step in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((600 - step * 20)) 150; sleep 0.03; done
xdotool mouseup 1
sleep 1.5 # inertia settles
screenshot "$out/after-drag.png"
d=$(mean_difference "$out/before-drag.png" "$out/after-drag.png")
python3 -c "import sys; sys.exit(0 if float('$d') > 0.02 else 1)" || fail "dragging did not change the view (mean difference $d)"

# 4. Resize and minimise/restore, with validation on: no errors (checked at exit).
xdotool windowsize "$VREX_WINDOW" 640 400
sleep 0.7
xdotool windowminimize "$VREX_WINDOW"
sleep 0.7
xdotool windowmap "$VREX_WINDOW" windowactivate "$VREX_WINDOW" 2>/dev/null
xdotool windowsize "$VREX_WINDOW" $W $H
sleep 0.7
stop_vrex

# 5. Keyboard only: Tab focuses a hotspot and turns to it, Enter activates it.
start_vrex keys "$tour" --size ${W}x$H
xdotool key Tab
sleep 0.8
screenshot "$out/focused.png"
xdotool key Return
wait_for_event '"hotspot_activated"' 5 || fail "Tab + Enter activated nothing"
wait_for_event '"panel_opened"|"scene_entered".*"scene":"(walrus|dolphins|whale-right)"' 10 ||
    fail "Tab + Enter neither opened a panel nor entered a scene: $(cat "$VREX_EVENTS")"
# L switches the language.
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
xdotool mousemove 600 250 mousedown 1
for step in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((600 - step * 20)) 250; sleep 0.03; done
sleep 0.3
xdotool mouseup 1
sleep 0.5
xdotool mousemove 400 250 click 1
wait_for_count '^at: ' 2 5 || fail "the click after the drag printed no yaw/pitch line"
python3 - "$VREX_EVENTS" <<'PY' || fail "the drag did not turn the view by 25 degrees"
import re, sys
yaw, pitch = map(float, re.findall(r'^at: \{yaw: (-?[0-9.]+), pitch: (-?[0-9.]+)\}$', open(sys.argv[1]).read(), re.M)[-1])
print('after the drag the centre is at', yaw, pitch)
assert abs(yaw + 45) < 1.0 and abs(pitch - 15) < 1.0, (yaw, pitch)
PY
sleep 0.3
sed -i 's/title: {zh: 蓝鲸之下, en: Under the blue whale}/title: {zh: 蓝鲸下面, en: Beneath the whale}/' "$out/edit/tour.yaml"
wait_for_event '"tour_reloaded"' 5 || fail "saving the tour did not reload it"
echo "scenes: [oops" >>"$out/edit/tour.yaml"
for _ in $(seq 50); do grep -q "tour.yaml:[0-9]*:[0-9]*: error" "$VREX_ERR" && break; sleep 0.1; done
grep -q "tour.yaml:[0-9]*:[0-9]*: error" "$VREX_ERR" || fail "a broken save printed no lint message"
kill -0 "$VREX_PID" 2>/dev/null || fail "a broken save stopped the viewer"
screenshot "$out/broken-save.png"
stop_vrex

# 7. A tour with a missing panorama still opens; that scene shows the problem.
mkdir -p "$out/missing"
cp -r "$tour"/. "$out/missing/"
rm "$out/missing/panos/dolphins.jpg"
start_vrex missing "$out/missing" --scene dolphins --size ${W}x$H
sleep 0.5
screenshot "$out/placeholder.png"
grep -q "dolphins.jpg" "$VREX_ERR" || fail "the missing panorama was not reported"
# The placeholder is a red panel in the middle of a grey view.
red=$(convert "$out/placeholder.png" -crop 200x100+300+200 +repage -format "%[fx:mean.r-mean.b]" info:)
python3 -c "import sys; sys.exit(0 if float('$red') > 0.1 else 1)" || fail "no placeholder panel in the picture ($red)"
stop_vrex

# 8. A single panorama image opens as a one-scene tour.
start_vrex image "$tour/panos/walrus.jpg" --size ${W}x$H
grep -q '"scene_entered".*"scene":"panorama"' "$VREX_EVENTS" || fail "an image did not open as a one-scene tour"
stop_vrex

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
