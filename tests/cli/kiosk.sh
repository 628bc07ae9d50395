#!/usr/bin/env bash
# End-to-end: `vrex view --kiosk` in a window under Xvfb (docs/kiosk.md), Vulkan validation on. A visitor walks to a
# second hall, opens a panel and switches the language; after --idle seconds without input the tour is back at its
# start scene, in the station's language (--lang), the panel closed, the view turning; any input stops the turn.
# Esc, Q, Ctrl+Q, F11, Alt+F4 and the window manager's close do not end it; the operator's Ctrl+Alt+Shift+Q does
# (exit 0). Each step waits for the event vrex prints (desktop_lib.sh); every wait is bounded.
# Usage: kiosk.sh VREX OUTDIR
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
IDLE=6 # long enough for a step of the test on a loaded machine, short enough to wait for twice
tour="$src/scenes/museum"
# whale-left (the start) has the view yaw -70, pitch 15, hfov 100 and the link to the dolphins at (-110, -6); the
# dolphins' view is (0, -5, 100) with its info hotspot `diorama` at (0, -7). The tour's languages are zh, en.

# wm_close WINDOW: what a window manager sends when the visitor clicks the title bar's close button or presses
# Alt+F4 (ICCCM 4.2.8.1: a WM_PROTOCOLS client message carrying WM_DELETE_WINDOW). Xvfb runs no window manager.
wm_close() {
    python3 - "$1" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
class ClientMessage(ctypes.Structure):  # XClientMessageEvent, padded to the size of an XEvent (24 longs)
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("l", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(ClientMessage)]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
display = x.XOpenDisplay(None)
e = ClientMessage()
e.type = 33  # ClientMessage
e.window = int(sys.argv[1])
e.message_type = x.XInternAtom(display, b"WM_PROTOCOLS", 0)
e.format = 32
e.l[0] = x.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
x.XSendEvent(display, e.window, 0, 0, ctypes.byref(e))
x.XSync(display, 0)
x.XCloseDisplay(display)
PY
}

# events_json: the JSON lines of the events file.
events_json() { grep '^{' "$VREX_EVENTS"; }

# --edit only to print where a click points (step 4); clicks still act as a visitor's.
start_vrex kiosk "$tour" --size ${W}x$H --kiosk --idle $IDLE --lang en --edit

# 1. The visitor walks to the dolphins, opens the diorama's panel and switches the language (en -> zh).
read -r x y < <(pixel_of -110 -6 -70 15 100 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '"scene_entered".*"scene":"dolphins"' 10 || fail "clicking the link did not enter the dolphins scene"
wait_for_idle_after '"scene_entered".*"scene":"dolphins"' || fail "the dolphins scene never finished fading in"
read -r x y < <(pixel_of 0 -7 0 -5 100 $W $H)
xdotool mousemove "$x" "$y" click 1
wait_for_event '"panel_opened".*"exhibit":"dolphins-and-tuna"' 5 || fail "clicking the diorama opened no panel"
xdotool key l
wait_for_event '"language_changed".*"language":"zh"' 5 || fail "L did not switch from the station's English to Chinese"
wait_for_idle_after '"language_changed"' || fail "the view never settled after L"
screenshot "$out/dolphins-panel.png"
grep -q '"tour_restarted"' "$VREX_EVENTS" && fail "the tour restarted while the visitor was busy"

# 2. Left alone for IDLE seconds: the restart. Its events in order: tour_restarted (leaving the dolphins), the panel
#    closed, the language back to English, the start scene entered.
wait_for_event '"tour_restarted"' $((IDLE + 20)) || fail "no restart after $IDLE s without input"
wait_for_count '"scene_entered".*"scene":"whale-left"' 2 10 || fail "the restart did not go back to the start scene"
events_json | python3 -c '
import json, sys
e = [json.loads(l) for l in sys.stdin]
i = [n for n, x in enumerate(e) if x["event"] == "tour_restarted"][0]
after = [(x["event"], x.get("scene"), x.get("exhibit"), x.get("language")) for x in e[i:] if x["event"] != "idle"]
print("after the restart:", after[:4])
assert after[0] == ("tour_restarted", "dolphins", None, None), after[0]
assert after[1] == ("panel_closed", "dolphins", "dolphins-and-tuna", None), after[1]
assert after[2] == ("language_changed", "dolphins", None, "en"), after[2]
assert after[3][:2] == ("scene_entered", "whale-left"), after[3]
' || fail "the restart's events are not tour_restarted, panel_closed, language_changed en, scene_entered whale-left"

# 3. Attract mode: the start scene turns slowly (4 degrees a second: about 16 px between pictures half a second
#    apart, the pace of the loop below). Three pairs of successive pictures in a row differ (the 0.3 s fade in can
#    change at most two of them), within 20 pictures. No idle event while it turns.
screenshot "$out/turning-0.png"
moving=0
for i in $(seq 20); do
    sleep 0.5 # the pace of the pictures, not a wait for vrex
    screenshot "$out/turning-$i.png"
    d=$(mean_difference "$out/turning-$((i - 1)).png" "$out/turning-$i.png")
    if python3 -c "import sys; sys.exit(0 if $d > 0.005 else 1)"; then moving=$((moving + 1)); else moving=0; fi
    [ "$moving" -ge 3 ] && break
done
echo "pictures while turning: $i, the last pair's mean difference $d"
[ "$moving" -ge 3 ] || fail "the view does not turn after the restart (last mean difference $d)"
awk '/"tour_restarted"/ { seen = 1 } seen && /"scene_entered"/ { entered = 1; next } entered && /"event":"idle"/ { bad = 1 }
     END { exit bad }' "$VREX_EVENTS" || fail "an idle event while the view should turn"

# 4. Any input stops the turn. A click in the middle (--edit prints where it points: the camera's yaw and pitch)
#    finds the start's view, pitch 15 (the dolphins' was -5), turned from its yaw -70; an idle event follows
#    (nothing moves by itself), and a second click finds the same yaw. L (Chinese again) is input too; IDLE seconds
#    after it the tour restarts again, back to English.
click_centre() { xdotool mousemove $((W / 2)) $((H / 2)) click 1; }
click_centre # the third click: the two of step 1 printed their lines too
wait_for_count '^at: ' 3 5 || fail "a click in the middle printed no yaw/pitch"
wait_for_idle_after '^at: ' $IDLE || fail "the turn did not stop on input (no idle event)"
grep -q '"tour_restarted".*"whale-left"' "$VREX_EVENTS" && fail "restarted before the second click: the test was too slow"
click_centre
wait_for_count '^at: ' 4 5 || fail "the second click printed no yaw/pitch"
xdotool key l
wait_for_event '"language_changed".*"language":"zh"' 5 || fail "L did not switch to Chinese during attract mode"
python3 - "$VREX_EVENTS" <<'PY' || fail "the view after the restart is not the start's, turned, stopped by the click"
import re, sys
at = [tuple(map(float, m)) for m in re.findall(r'^at: \{yaw: (-?[0-9.]+), pitch: (-?[0-9.]+)\}$', open(sys.argv[1]).read(), re.M)]
print('the clicks found the view at', at)
(y1, p1), (y2, p2) = at[2:4]
turned = (y1 + 70 + 180) % 360 - 180
assert abs(p1 - 15) < 0.5, f'pitch {p1}: not the start view (15)'
assert abs(turned) > 1, f'yaw {y1}: not turned from the start view (-70)'
assert abs(y2 - y1) < 0.2 and abs(p2 - p1) < 0.2, f'the view moved after the click: {at[2:4]}'
PY
wait_for_count '"tour_restarted"' 2 $((IDLE + 20)) || fail "no second restart after the input"
wait_for_event '"tour_restarted".*"scene":"whale-left"' 1 || fail "the second restart did not leave the start scene"
wait_for_count '"language_changed".*"language":"en"' 2 10 || fail "the second restart did not return to English"

# 5. The visitor cannot quit: F11 (no fullscreen either), Esc, Q, Ctrl+Q, Alt+F4, the window manager's close.
n=$(idle_count)
for key in F11 Escape q ctrl+q alt+F4; do xdotool key --window "$VREX_WINDOW" $key; done
wm_close "$VREX_WINDOW"
wait_for_event '"close_refused"' 10 || fail "the window manager's close was not refused (or never arrived)"
wait_for_idle "$n" || fail "vrex never went idle after the keys"
kill -0 "$VREX_PID" 2>/dev/null || fail "a visitor's key or the window manager's close ended the kiosk"
grep '"event":"idle"' "$VREX_EVENTS" | tail -n +$((n + 1)) | grep -v "\"width\":$W,\"height\":$H" &&
    fail "F11 changed the window's size"

# 6. The operator's Ctrl+Alt+Shift+Q quits, with exit code 0 and no validation message.
xdotool key --window "$VREX_WINDOW" ctrl+alt+shift+q
for _ in $(seq 100); do kill -0 "$VREX_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$VREX_PID" 2>/dev/null; then
    fail "Ctrl+Alt+Shift+Q did not quit the kiosk"
    kill "$VREX_PID"
fi
wait "$VREX_PID"
rc=$?
[ "$rc" -eq 0 ] || fail "the kiosk exited $rc: $(tail -5 "$VREX_ERR")"
grep -q "validation" "$VREX_ERR" && fail "validation messages: $(grep validation "$VREX_ERR" | head -3)"
VREX_PID=

# 7. --lang names a language the tour does not have: a clear message, exit 1, no window needed.
"$vrex" view "$tour" --desktop --kiosk --lang fr >/dev/null 2>"$out/lang.err"
rc=$?
[ "$rc" -eq 1 ] || fail "--lang fr exited $rc (expected 1)"
grep -q "lang fr: the tour's languages are zh, en" "$out/lang.err" || fail "--lang fr: no clear message: $(cat "$out/lang.err")"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
