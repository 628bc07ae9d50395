#!/usr/bin/env bash
# End-to-end: the real `vrex view --xr` on vrex's headless OpenXR runtime (tests/xrsim), through the Khronos loader
# with the core validation layer, Vulkan validation on. Usage: xr.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
manifest="$(dirname "$vrex")/tests/xrsim/vrex_xrsim.json"
rm -rf "$out" && mkdir -p "$out"
# fail, failures, start_xvfb (sourced first: it sets failures=0)
source "$(dirname "$0")/desktop_lib.sh"
tour="$src/scenes/museum"

# run_xr, check_xr_run, mean_difference, below
source "$(dirname "$0")/xr_lib.sh"

# 1. No runtime: --xr says why and exits non-zero; the default falls back to the window (under Xvfb).
env -u XR_RUNTIME_JSON XDG_CONFIG_DIRS=/nonexistent "$vrex" view --xr "$tour" --frames 3 >"$out/none.txt" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--xr without a runtime exited $rc, expected 2"
grep -q "vrex view --xr: no OpenXR runtime is active" "$out/none.txt" || fail "no clear reason: $(tail -2 "$out/none.txt")"
# Xvfb is in tools/packages.txt: without it this check fails (start_xvfb exits 1), it is never skipped.
start_xvfb
env -u XR_RUNTIME_JSON XDG_CONFIG_DIRS=/nonexistent "$vrex" view "$tour" --frames 10 >"$out/fallback.txt" 2>&1
rc=$?
kill "$XVFB_PID" 2>/dev/null
[ "$rc" -eq 0 ] || fail "the default mode did not fall back to the window (exit $rc): $(tail -3 "$out/fallback.txt")"
grep -q "showing the tour in a window instead" "$out/fallback.txt" || fail "no fallback notice"

# 2. Point the controller at the walrus link (yaw 5, pitch -10; the start view faces yaw -70, so the hand turns
#    75 degrees right) and pull the trigger: the walrus scene is entered.
run_xr link "0 controller on
0 aim 75 -10
20 trigger 1
22 trigger 0" 150
grep -q '"hotspot_activated".*"to-walrus"' "$out/link/events" || fail "select on the link activated nothing"
grep -q '"scene_entered".*"walrus"' "$out/link/events" || fail "the walrus scene was not entered"
grep -q '"haptic"' "$out/link/xrsim.log" || fail "no haptic pulse on hover"

# 3. Look at the blue whale's info hotspot (yaw -89, pitch 28: the head turns -19, 28) without a controller:
#    gaze dwell opens the panel. The panel (1.3 m away) sits where the IPD puts it in each eye. The picture without the
#    panel is taken at the end, after the panel has closed and the head has turned back (too soon for the dwell to
#    open it again): at frame 20 the panorama may still be a preview (under the sanitizers it was), which differs
#    from the full panorama beside the panel.
run_xr dwell "0 head -19 28
220 capture
250 head 30 0
470 head -19 28
495 capture" 500
grep -q '"panel_opened".*"blue-whale"' "$out/dwell/events" || fail "dwelling on the info hotspot opened no panel"
# Gaze only, no button: looking away from the panel for 2 s closes it.
grep -q '"panel_closed".*"blue-whale"' "$out/dwell/events" || fail "looking away did not close the panel"
for eye in left right; do
    convert "$out/dwell/frame-495-$eye.png" "$out/dwell/frame-220-$eye.png" -compose difference -composite \
        -colorspace gray -threshold 6% -depth 8 "$out/dwell/diff-$eye.pgm"
done
python3 - "$out/dwell" <<'PY' || fail "the panel is not where the IPD puts it in each eye"
import math, sys
d = sys.argv[1]
# Expected: the panel's centre is straight ahead of the head at 1.3 m; each eye sits 32 mm to its side and
# sees it at atan(0.032/1.3) towards the nose, mapped through that eye's asymmetric FOV (xrsim: left eye
# angles -0.87..0.80 rad, right eye mirrored), 640 px wide.
def px(t, left, right):
    return (t - math.tan(left)) / (math.tan(right) - math.tan(left)) * 640
exp = {'left': px(0.032 / 1.3, -0.87, 0.80), 'right': px(-0.032 / 1.3, -0.80, 0.87)}
def columns_with_change(path):
    data = open(path, 'rb').read()
    parts = data.split(maxsplit=4)  # P5 width height maxval pixels
    w, h = int(parts[1]), int(parts[2])
    pixels = parts[4]
    return [x for x in range(w) if sum(1 for y in range(h) if pixels[y * w + x]) > 20]
for eye in ('left', 'right'):
    cols = columns_with_change(f'{d}/diff-{eye}.pgm')  # the panel: many changed pixels per column
    assert cols, (eye, 'no panel: the two pictures are the same')
    runs = []  # the panel is the widest run of such columns (the hotspot's dwell ring lies inside it)
    for x in cols:
        if runs and x == runs[-1][1] + 1:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    first, last = max(runs, key=lambda r: r[1] - r[0])
    print(eye, 'runs of changed columns', runs)
    centre = (first + last + 1) / 2
    print(eye, 'panel centre', centre, 'expected', round(exp[eye], 1))
    assert abs(centre - exp[eye]) < 4, (eye, centre, exp[eye])
PY

# 4. Snap turn: a thumbstick flick turns the view by exactly 30 degrees: after it, turning the head 30 degrees
#    back shows the same picture as before.
run_xr snap "0 profile touch
0 controller on
0 aim 0 -60
30 capture
40 thumbstick 1 0
43 thumbstick 0 0
50 head -30 0
50 aim -30 -60
80 capture
90 head 0 0
90 aim 0 -60
120 capture" 130
grep -q '"hotspot_activated"' "$out/snap/events" && fail "the snap turn test activated something"
same=$(mean_difference "$out/snap/frame-30-left.png" "$out/snap/frame-80-left.png")
turned=$(mean_difference "$out/snap/frame-30-left.png" "$out/snap/frame-120-left.png")
below "$same" 0.01 || fail "after a snap turn and turning the head back, the view differs ($same)"
below 0.05 "$turned" || fail "the snap turn did not change the view ($turned)"

# 5. The runtime loses the session: tests/cli/xr_faults.sh (a new session, or the end after too many).

# 6. The system menu (VISIBLE, not FOCUSED): rendering goes on, but no ray and no input.
run_xr menu "0 controller on
0 aim 75 -10
20 focus_lost
30 trigger 1
32 trigger 0
40 capture
60 focus_regained" 80
grep -q '"hotspot_activated"' "$out/menu/events" && fail "input was taken while the system menu was open"
grep -q '"state":"visible"' "$out/menu/events" || fail "no VISIBLE state seen"
[ -s "$out/menu/frame-40-left.png" ] || fail "nothing was rendered while the system menu was open"

# 7. When the runtime offers XR_KHR_composition_layer_cube, the panorama goes to the compositor as a static cube
#    layer under the projection layer, which then holds only markers, panels and the pointer.
VREX_XRSIM_LAYERS=cube run_xr cube "0 head 0 0
20 capture" 30 --layers cube
grep -q '"faces":6,"static":true' "$out/cube/xrsim.log" || fail "no static cube swapchain was made"
grep -q '"kinds":"cube,projection"' "$out/cube/xrsim.log" || fail "no cube layer was submitted"
dark=$(convert "$out/cube/frame-20-left.png" -colorspace gray -format "%[fx:mean]" info:)
lit=$(convert "$out/snap/frame-30-left.png" -colorspace gray -format "%[fx:mean]" info:)
below "$dark" 0.05 || fail "the projection layer still holds the panorama ($dark)"
below 0.2 "$lit" || fail "the projection-only path shows no panorama ($lit)"
grep -q '"kinds":"cube' "$out/snap/xrsim.log" && fail "a cube layer was used although the runtime did not offer it"

# 8. Recenter: the head has turned 40 degrees right; when the runtime changes the reference space, the scene's
#    view is straight ahead again (the same picture as at the start, head straight).
run_xr recenter "0 head 0 0
10 capture
20 head 40 0
30 reference_space_change
40 capture" 50
d=$(mean_difference "$out/recenter/frame-10-left.png" "$out/recenter/frame-40-left.png")
below "$d" 0.01 || fail "after a recenter the view is not the scene's view straight ahead ($d)"

# 9. A stereo panorama (top-bottom: left eye on top) shows each eye its own half: here the left eye's half is
#    red and the right eye's blue.
mkdir -p "$out/stereo-tour"
convert -size 512x256 xc:"#c02020" -size 512x256 xc:"#2020c0" -append "$out/stereo-tour/stereo.png"
printf 'tour: {title: Stereo}\nscenes:\n  - id: s\n    panorama: {image: stereo.png, stereo: top-bottom}\n' \
    >"$out/stereo-tour/tour.yaml"
tour="$out/stereo-tour" run_xr stereo "20 capture" 30 --layers projection
for eye in left right; do
    convert "$out/stereo/frame-20-$eye.png" -format "%[fx:mean.r] %[fx:mean.b]" info: >"$out/stereo/$eye.rb"
done
read -r lr lb <"$out/stereo/left.rb"
read -r rr rb <"$out/stereo/right.rb"
below "$lb" "$lr" || fail "the left eye does not see the top (red) half ($lr red, $lb blue)"
below "$rr" "$rb" || fail "the right eye does not see the bottom (blue) half ($rr red, $rb blue)"

# A gallery: the trigger on the media hotspot opens it; while it is open the thumbstick steps it both ways (round
#   from the last picture to the first and back) instead of turning; the trigger on its next arrow steps too (the
#   controller is held at (0.2, -0.35, -0.35) m: the arrow, 0.4 m right of the panel's centre 1.3 m ahead, is at
#   yaw 11.7, pitch 19.8 from it).
mkdir -p "$out/gallery-tour"
cp "$src/tests/data/grid_512x256.jpg" "$out/gallery-tour/grid.jpg"
cp "$src/tests/data/gallery/"* "$out/gallery-tour/"
printf '%s\n' 'tour: {title: Gallery}' 'scenes:' '  - {id: hall, panorama: grid.jpg, hotspots: [{id: photos, kind: media,' \
    '     at: {yaw: 0, pitch: 0}, exhibit: series}]}' 'exhibits:' \
    '  - {id: series, title: Shapes, images: [sunrise.jpg, tower.jpg, tiles.png]}' >"$out/gallery-tour/tour.yaml"
tour="$out/gallery-tour" run_xr gallery "0 profile touch
0 controller on
0 aim 0 0
10 trigger 1
12 trigger 0
30 capture
40 thumbstick 1 0
43 thumbstick 0 0
60 capture
70 thumbstick 1 0
73 thumbstick 0 0
100 thumbstick -1 0
103 thumbstick 0 0
130 thumbstick -1 0
133 thumbstick 0 0
150 capture
160 thumbstick -1 0
163 thumbstick 0 0
190 aim 11.7 19.8
200 trigger 1
202 trigger 0" 230
grep -q '"gallery_opened".*"photos".*"index":0,"count":3' "$out/gallery/events" || fail "the trigger opened no gallery"
steps=$(grep '"gallery_step"' "$out/gallery/events" | sed 's/.*"index":\([0-9]*\).*/\1/' | tr '\n' ' ')
[ "$steps" = "1 2 1 0 2 0 " ] || fail "the thumbstick and the trigger on the arrow stepped the gallery as '$steps', expected '1 2 1 0 2 0 '"
grep -q '"gallery_closed"' "$out/gallery/events" && fail "stepping closed the gallery"
# The second picture (frame 60) is not the first (frame 30); back at the first after four flicks (frame 150), the
# picture is the same as at frame 30: the flicks stepped the gallery and did not turn the view.
changed=$(mean_difference "$out/gallery/frame-30-left.png" "$out/gallery/frame-60-left.png")
same=$(mean_difference "$out/gallery/frame-30-left.png" "$out/gallery/frame-150-left.png")
below 0.01 "$changed" || fail "the thumbstick step did not change the picture ($changed)"
below "$same" 0.005 || fail "back at the first picture, the view differs: the thumbstick turned it? ($same)"

# 10. A model exhibit in the headset (the glTF duck straight ahead, no turntable). Select its hotspot, aim at the duck,
#     squeeze, turn the controller 30 degrees right, let go and aim back: the duck turned 30 degrees (model_released),
#     and the picture is the one of a duck authored 30 degrees turned (`rotate: {yaw: 30}`) under the same pointer.
#     The controller is at (0.2, -0.35, -0.35) m, the duck's centre 1.5 m ahead: from the hand it is at yaw -10,
#     pitch 17.
duck_tour() { # duck_tour DIR YAW: the duck exhibit, authored turned by YAW degrees
    mkdir -p "$1"
    cp -r "$src/tests/data/models/duck" "$1/duck"
    convert -size 512x256 xc:"#305070" "$1/pano.png"
    printf 'tour: {title: Duck}\nscenes:\n  - id: s\n    panorama: pano.png\n    hotspots:\n' >"$1/tour.yaml"
    printf '      - {id: duck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: duck}\nexhibits:\n  - id: duck\n' >>"$1/tour.yaml"
    printf '    title: Duck\n    model: {file: duck/Duck.gltf, turntable: false, rotate: {yaw: %s, pitch: 0, roll: 0}}\n' \
        "$2" >>"$1/tour.yaml"
}
duck_tour "$out/duck-tour" 0
duck_tour "$out/duck30-tour" 30
duck_script() { # duck_script SQUEEZE: open the duck, aim at it, (squeeze,) turn right 30, (let go,) aim back
    printf '0 profile touch\n0 controller on\n0 aim 0 0\n20 trigger 1\n22 trigger 0\n40 aim -10 17\n150 capture\n'
    printf '160 squeeze %s\n170 aim 20 17\n180 squeeze 0\n190 aim -10 17\n220 capture\n' "$1"
}
tour="$out/duck-tour" run_xr grab "$(duck_script 1)" 230
tour="$out/duck30-tour" run_xr grab-reference "$(duck_script 0)" 230
grep -q '"model_opened".*"exhibit":"duck"' "$out/grab/events" || fail "the controller did not open the duck"
grep -q '"model_grabbed".*"exhibit":"duck"' "$out/grab/events" || fail "the squeeze on the duck did not grab it"
turned=$(grep -o '"event":"model_released".*"turn_deg":[-0-9.e]*' "$out/grab/events" | grep -o '[-0-9.e]*$')
[ -n "$turned" ] && below "$(python3 -c "print(abs($turned - 30))")" 0.1 ||
    fail "letting go of the duck should report a 30 degree turn, got '$turned'"
grep -q '"model_grabbed"' "$out/grab-reference/events" && fail "no squeeze, yet the duck was grabbed"
moved=$(mean_difference "$out/grab/frame-150-left.png" "$out/grab/frame-220-left.png")
same=$(mean_difference "$out/grab/frame-220-left.png" "$out/grab-reference/frame-220-left.png")
echo "grab: turned $turned degrees; picture before/after $moved, after/authored-30 $same"
# Measured: 0.00085 before/after (the duck covers about 1.4% of the eye image), 1e-8 against the authored turn.
below 0.0004 "$moved" || fail "the grab did not change the picture ($moved)"
below "$same" 0.00005 || fail "the grabbed duck does not look turned by 30 degrees ($same)"
# Depth went with the projection layer: reversed-Z, infinite far plane.
grep -q '"event":"depth_info".*"min_depth":0,"max_depth":1,"near_z":"+inf","far_z":0.05,"reversed":true' \
    "$out/grab/xrsim.log" || fail "no reversed-Z depth was submitted with the projection layer"
# The duck's depth reached the runtime: reversed-Z with the near plane at 0.05 m puts its nearest point (about 1.3 m
# from the eye) at about 0.05 / 1.3 = 0.038; the panorama around it stays at 0 (infinitely far).
python3 - "$out/grab/xrsim.log" <<'PY' || fail "the duck's depth did not reach the runtime"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if '"depth_capture"' in l]
left = [l for l in lines if l['frame'] == 150 and l['eye'] == 'left'][0]
print('duck depth: covered', left['covered'], 'max', left['max'])
assert left['ok'] and 0.01 < left['covered'] < 0.5 and 0.03 < left['max'] < 0.06, left
PY
# A runtime without XR_KHR_composition_layer_depth: no depth submitted, the same picture.
VREX_XRSIM_DEPTH=0 tour="$out/duck30-tour" run_xr nodepth "$(duck_script 0)" 230
grep -q '"depth_info"' "$out/nodepth/xrsim.log" && fail "depth was submitted although the runtime did not offer it"
nodepth=$(mean_difference "$out/nodepth/frame-220-left.png" "$out/grab-reference/frame-220-left.png")
below "$nodepth" 0.00005 || fail "without the depth layer the picture differs ($nodepth)"

# 11. Gaze only (no controller): looking at the duck's hotspot for the dwell opens the model exhibit.
tour="$out/duck-tour" run_xr gaze-model "0 head 0 0" 200
grep -q '"model_opened".*"exhibit":"duck"' "$out/gaze-model/events" || fail "gaze dwell did not open the model"

# 12. A normal end: --frames asks the runtime to exit; STOPPING, IDLE, EXITING, and the instance is destroyed.
grep -q '"EXITING"' "$out/link/xrsim.log" || fail "the session did not reach EXITING"
grep -q '"instance_destroyed"' "$out/link/xrsim.log" || fail "the instance was not destroyed"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
