#!/usr/bin/env bash
# End-to-end: the headset station (`vrex view --xr --kiosk`, docs/kiosk.md) on xrsim, with the OpenXR core validation
# layer and Vulkan validation on, no runtime misuse, no discarded frame (check_xr_run). A visitor walks to a second
# hall and opens a panel, opens the system menu (not a new visitor), takes the headset off; the next visitor puts it
# on and finds the start scene, the panel closed, the view reset; walks again; a third visitor. Three visitors.
# Usage: kiosk_xr.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
manifest="$(dirname "$vrex")/tests/xrsim/vrex_xrsim.json"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh" # fail, failures
tour="$src/scenes/museum"
source "$(dirname "$0")/xr_lib.sh" # run_xr, check_xr_run, mean_difference

# py_check NAME PYTHON: runs PYTHON with `log` (xrsim.log as a list of dicts) and `events` (vrex's --events lines as
# dicts); an AssertionError fails the test with its message.
py_check() {
    local name="$1" code="$2"
    python3 - "$out/$name" <<PY || fail "$name: $(tail -1 "$out/$name/check.txt")"
import json, sys
d = sys.argv[1]
def lines(path):
    out = []
    for l in open(path):
        l = l.strip()
        if l.startswith('{'):
            try: out.append(json.loads(l))
            except ValueError: pass
    return out
log = lines(d + '/xrsim.log')
events = lines(d + '/events')
try:
$(echo "$code" | sed 's/^/    /')
except AssertionError as e:
    open(d + '/check.txt', 'a').write(str(e) + '\n')
    raise
PY
}

# The start, whale-left, has the view yaw -70: the controller aimed 75 degrees right of the head points at its link
# to the walrus (yaw 5, pitch -10), which arrives in the walrus' view (yaw -140), where the diorama's info hotspot is
# 16 degrees right (yaw -124, pitch -5). xrsim's frames go on while the headset is off (90 a second).
script="0 controller on
0 aim 75 -10
20 trigger 1
22 trigger 0
70 aim 16 -5
80 trigger 1
82 trigger 0
100 capture
110 focus_lost
120 focus_regained
140 headset_off
200 headset_on
250 aim 75 -10
260 capture
270 trigger 1
272 trigger 0
330 headset_off
390 headset_on
440 capture"

# A visitor who stays: the picture every new visitor must see (the start, the controller at 75 -10) at frame 60.
run_xr plain "0 controller on
0 aim 75 -10
60 capture" 70 --lang en

run_xr station "$script" 360 --kiosk --lang en
py_check station "
visitors = [e['count'] for e in events if e['event'] == 'visitor']
assert visitors == [1, 2, 3], f'visitors {visitors} (the system menu is not a visitor)'
entered = [e['scene'] for e in events if e['event'] == 'scene_entered']
assert entered == ['whale-left', 'walrus', 'whale-left', 'walrus', 'whale-left'], f'scenes entered {entered}'
restarts = [e['scene'] for e in events if e['event'] == 'tour_restarted']
assert restarts == ['walrus', 'walrus'], f'restarts {restarts}'
names = [e['event'] for e in events if e['event'] in ('panel_opened', 'panel_closed', 'tour_restarted')]
assert names == ['panel_opened', 'tour_restarted', 'panel_closed', 'tour_restarted'], f'panel events {names}'
states = [l['state'] for l in log if l['event'] == 'state']
ends = sum(1 for l in log if l['event'] == 'end_session')
begins = sum(1 for l in log if l['event'] == 'begin_session')
# Two headsets taken off and the exit at --frames: three STOPPING, each ended once.
assert ends == states.count('STOPPING') == 3, f'xrEndSession {ends}x for {states.count(\"STOPPING\")} STOPPING'
assert begins == states.count('READY') == 3, f'xrBeginSession {begins}x for {states.count(\"READY\")} READY'
"
grep -q "vrex: kiosk: 3 visitors" "$out/station/err" || fail "station: no visitor count at exit: $(tail -3 "$out/station/err")"
# The second and third visitors see what the first saw: the start scene in its view, turned to the head. The walrus
# with its panel (frame 100) does not look like it.
for f in 260 440; do
    [ -s "$out/station/frame-$f-left.png" ] || { fail "station: no capture at frame $f"; continue; }
    same=$(mean_difference "$out/plain/frame-60-left.png" "$out/station/frame-$f-left.png")
    walrus=$(mean_difference "$out/plain/frame-60-left.png" "$out/station/frame-100-left.png")
    echo "frame $f against a visitor at the start: mean difference $same (the walrus with its panel: $walrus)"
    check "$same < 0.01 and $same * 5 < $walrus" "station: frame $f is not the start as a new visitor sees it ($same; walrus $walrus)"
done

# Without --kiosk the tour goes on where it was when the headset comes back (README), and no visitor is counted.
run_xr plain_offon "0 controller on
0 aim 75 -10
20 trigger 1
22 trigger 0
70 headset_off
130 headset_on" 150
py_check plain_offon "
entered = [e['scene'] for e in events if e['event'] == 'scene_entered']
assert entered == ['whale-left', 'walrus'], f'scenes entered {entered}'
assert not [e for e in events if e['event'] in ('visitor', 'tour_restarted')], 'a visitor or a restart without --kiosk'
"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
