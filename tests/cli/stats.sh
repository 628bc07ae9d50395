#!/usr/bin/env bash
# End-to-end: visitor statistics (docs/stats.md). `vrex view --stats` records real visits (a headset on xrsim with
# scripted head poses; a window under Xvfb; a viewer killed mid-visit), then `vrex stats` sums them up and draws the
# heat maps, whose brightest point must be where the script looked. Usage: stats.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
manifest="$(dirname "$vrex")/tests/xrsim/vrex_xrsim.json"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh" # fail, failures, start_xvfb
tour="$src/scenes/museum"
source "$(dirname "$0")/xr_lib.sh" # run_xr, check_xr_run
logs="$out/logs"

# The start scene, whale-left, opens with the body turned to its view's yaw -70: a head turned 100 degrees right and
# 20 up looks at yaw 30, pitch 20 of the panorama. Both headset runs look there most of the time.
# 1. One run, two visitors: the headset is taken off at frame 300 and put back on (a new visit), with a short look
#    elsewhere (yaw -70, pitch 0) in the first.
run_xr worn "0 head 100 20
100 head 0 0
130 head 100 20
300 headset_off
390 headset_on" 560 --stats "$logs"
# 2. A third visitor follows the link to the walrus (yaw 5, pitch -10: the controller 75 degrees right, 10 down).
run_xr link "0 head 100 20
0 controller on
0 aim 75 -10
200 trigger 1
202 trigger 0" 400 --stats "$logs"

n=$(ls "$logs"/visit-*.jsonl 2>/dev/null | wc -l)
[ "$n" -eq 3 ] || fail "3 visits expected (a new one for the headset put back on), $n files in $logs"
# Nothing but what docs/stats.md lists: no names, no addresses, no machine.
python3 - "$logs" <<'PY' || fail "a log line carries a field docs/stats.md does not list"
import glob, json, sys
allowed = {'event', 'time', 'utc', 'tour', 'vrex', 'language', 'mode', 'scene', 'seconds', 'yaw', 'pitch', 'hotspot',
           'exhibit', 'index', 'count'}
for f in glob.glob(sys.argv[1] + '/visit-*.jsonl'):
    for line in open(f):
        extra = set(json.loads(line)) - allowed
        assert not extra, (f, extra)
PY

# 3. vrex stats: the counts, and the heat map's peak where the head looked.
"$vrex" stats "$logs" --json -o "$out/report" >"$out/stats.json" 2>"$out/stats.err" || fail "vrex stats exited $?: $(cat "$out/stats.err")"
[ -s "$out/stats.err" ] && fail "vrex stats warned on clean logs: $(head -3 "$out/stats.err")"
python3 - "$out/stats.json" <<'PY' || fail "vrex stats' counts are not the visits scripted"
import json, sys
s = json.load(open(sys.argv[1]))
scenes = {r['scene']: r for r in s['scenes']}
hotspots = {(h['scene'], h['hotspot']): h['opens'] for h in s['hotspots']}
print('visits', s['visits'], {k: (v['visits'], v['entries'], round(v['total_s'], 2), v['samples']) for k, v in scenes.items() if v['visits']})
assert s['visits'] == 3, s['visits']
assert scenes['whale-left']['visits'] == 3 and scenes['whale-left']['entries'] == 3, scenes['whale-left']
assert scenes['walrus']['visits'] == 1 and scenes['walrus']['entries'] == 1, scenes['walrus']
assert scenes['dolphins']['visits'] == 0, scenes['dolphins']
assert hotspots[('whale-left', 'to-walrus')] == 1, hotspots
assert hotspots[('whale-left', 'to-dolphins')] == 0, hotspots
assert s['languages'] == {'zh': 3}, s['languages']
# xrsim's frames are 11.1 ms of display time apart: about 300 + 170 + 200 frames were seen in whale-left, at 5 samples
# a second (the first sample of each visit at its start).
w = scenes['whale-left']
assert 6.0 < w["total_s"] < 11.0, w["total_s"]
assert abs(w['samples'] - 5 * w['total_s']) <= 6, (w['samples'], w['total_s'])
peak = w['peak']
print('peak of whale-left', peak)
assert abs(peak['yaw'] - 30) < 1.5 and abs(peak['pitch'] - 20) < 1.5, peak
PY
density="$(ls "$out"/report/heat-*-whale-left-density.png 2>/dev/null | head -1)"
[ -f "$out/report/index.html" ] || fail "no index.html"
grep -q 'heat-01-whale-left.png' "$out/report/index.html" || fail "index.html does not show the whale-left heat map"
if [ -f "$density" ]; then
    # The peak pixel of the density picture itself (the centroid of the brightest pixels; yaw averaged on the circle).
    convert "$density" -colorspace gray -depth 8 "$out/density.pgm"
    python3 - "$out/density.pgm" <<'PY' || fail "the heat map's brightest point is not at yaw 30, pitch 20"
import math, sys
data = open(sys.argv[1], 'rb').read()
parts = data.split(maxsplit=4)
w, h, px = int(parts[1]), int(parts[2]), parts[4]
top = max(px)
hot = [(i % w, i // w) for i, v in enumerate(px) if v == top]
sx = sum(math.sin(((x + 0.5) / w - 0.5) * 2 * math.pi) for x, _ in hot)
cx = sum(math.cos(((x + 0.5) / w - 0.5) * 2 * math.pi) for x, _ in hot)
yaw = math.degrees(math.atan2(sx, cx))
pitch = sum((0.5 - (y + 0.5) / h) * 180 for _, y in hot) / len(hot)
print(f'density peak: {len(hot)} pixels at {top}, yaw {yaw:.2f}, pitch {pitch:.2f}')
assert abs(yaw - 30) < 1.5 and abs(pitch - 20) < 1.5
PY
else
    fail "no density heat map for whale-left: $(ls "$out/report")"
fi
identify -format '%w %h' "$out/report/heat-01-whale-left.png" | grep -q '^1024 512$' || fail "the heat map is not 1024x512"

# 4. A window: the visit starts where the tour starts (yaw -70, pitch 15) and ends when the viewer closes.
start_xvfb
"$vrex" view "$tour" --desktop --frames 30 --stats "$out/window-logs" >"$out/window.out" 2>&1 || fail "window: vrex exited $?"
python3 - "$out/window-logs" <<'PY' || fail "the window's visit log is not as expected"
import glob, json, sys
files = glob.glob(sys.argv[1] + '/visit-*.jsonl')
assert len(files) == 1, files
lines = [json.loads(l) for l in open(files[0])]
assert lines[0]['event'] == 'visit_start' and lines[0]['mode'] == 'window', lines[0]
assert lines[1] == {'event': 'scene_entered', 'time': 0, 'scene': 'whale-left'}, lines[1]
views = [l for l in lines if l['event'] == 'view']
assert views and all(abs(v['yaw'] + 70) < 0.01 and abs(v['pitch'] - 15) < 0.01 for v in views), views[:3]
assert lines[-1]['event'] == 'visit_end' and lines[-2]['event'] == 'scene_left', lines[-2:]
PY

# 5. Killed mid-visit: the lines written are whole, and vrex stats reads them; a line cut short (as a crash while
#    writing would leave) is skipped with a warning naming its file and line.
"$vrex" view "$tour" --desktop --stats "$out/killed-logs" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do
    [ "$(cat "$out"/killed-logs/visit-*.jsonl 2>/dev/null | grep -c '"view"')" -ge 3 ] && break
    sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kill "$XVFB_PID" 2>/dev/null
killed="$(ls "$out"/killed-logs/visit-*.jsonl 2>/dev/null | head -1)"
if [ -f "$killed" ]; then
    lines=$(wc -l <"$killed")
    printf '{"event":"view","time":99,"scene":"whale-le' >>"$killed"
    "$vrex" stats "$out/killed-logs" -o "$out/killed-report" >"$out/killed.txt" 2>"$out/killed.err" ||
        fail "vrex stats on a killed viewer's log exited $?: $(cat "$out/killed.err")"
    grep -q "^1 visit," "$out/killed.txt" || fail "the killed visit was not counted: $(head -3 "$out/killed.txt")"
    grep -q "$(basename "$killed"):$((lines + 1)): the last line is cut short" "$out/killed.err" ||
        fail "no warning for the cut line: $(cat "$out/killed.err")"
else
    fail "the killed viewer left no log"
fi

# 6. Bad input: a --stats path that is a file, and logs that are not there.
touch "$out/a-file"
"$vrex" view "$tour" --desktop --stats "$out/a-file/x" --frames 1 >"$out/bad-dir.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "--stats under a file exited $rc, expected 1"
grep -q "vrex view: --stats: $out/a-file/x: cannot make a folder" "$out/bad-dir.txt" || fail "no clear message: $(cat "$out/bad-dir.txt")"
"$vrex" stats "$out/no-such-logs" >"$out/missing.txt" 2>&1
[ $? -eq 1 ] || fail "vrex stats on a missing folder did not exit 1"
grep -q "no such folder or log file" "$out/missing.txt" || fail "no clear message: $(cat "$out/missing.txt")"

[ "$failures" -eq 0 ] && echo "stats: all checks passed"
exit $((failures > 0))
