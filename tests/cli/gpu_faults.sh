#!/usr/bin/env bash
# Faults of the GPU and the window, injected through VREX_GPU_FAULT (gpu/fault.hpp, docs/testing.md), survived by the
# real `vrex view` under Xvfb and by `vrex shot`, Vulkan validation on:
#  - an out-of-date swapchain, a lost surface and a suboptimal present: the swapchain (and surface) made again, the
#    tour goes on and vrex exits cleanly;
#  - a lost device: a clear message and a non-zero exit, never a hang (each run is bounded by `timeout`);
#  - no room on the GPU for the full panorama: a lower resolution (the preview) with a warning, not a black scene.
# Usage: gpu_faults.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh"
start_xvfb
trap 'kill $XVFB_PID 2>/dev/null; [ -n "${VREX_PID:-}" ] && kill $VREX_PID 2>/dev/null' EXIT
tour="$src/scenes/museum"
export VREX_VALIDATION=1

# 1. Out of date at the acquire of frame 3, surface lost at frame 6, suboptimal present at frame 9: each recreates.
VREX_LOG=info VREX_GPU_FAULT=out_of_date@frame:3,surface_lost@frame:6,suboptimal@frame:9 \
    timeout 120 "$vrex" view "$tour" --desktop --size 320x200 --frames 40 >"$out/recreate.out" 2>"$out/recreate.err"
rc=$?
[ "$rc" -eq 0 ] || fail "recreate: vrex exited $rc: $(tail -5 "$out/recreate.err")"
grep -q "acquire: VK_ERROR_OUT_OF_DATE_KHR" "$out/recreate.err" || fail "recreate: the out-of-date acquire was not seen"
grep -q "surface was lost" "$out/recreate.err" || fail "recreate: the lost surface was not made again"
grep -q "present: VK_SUBOPTIMAL_KHR" "$out/recreate.err" || fail "recreate: the suboptimal present was not seen"
n=$(grep -c "swapchain 320x200" "$out/recreate.err")
[ "$n" -ge 4 ] || fail "recreate: $n swapchains made, expected 4 (the first and three recreations)"
grep -qi "validation" "$out/recreate.err" && fail "recreate: validation messages: $(grep -i validation "$out/recreate.err" | head -3)"

# 2. The device lost at the submit of frame 5: a clear message, exit status 3, well within the time limit.
VREX_GPU_FAULT=device_lost@frame:5 timeout 60 "$vrex" view "$tour" --desktop --size 320x200 --frames 400 \
    >"$out/lost.out" 2>"$out/lost.err"
rc=$?
[ "$rc" -eq 124 ] && fail "device lost: vrex hung (killed after 60 s)"
[ "$rc" -eq 3 ] || fail "device lost: vrex exited $rc, expected 3: $(tail -3 "$out/lost.err")"
grep -q "vrex: the GPU device was lost (VK_ERROR_DEVICE_LOST" "$out/lost.err" ||
    fail "device lost: no clear message: $(tail -3 "$out/lost.err")"

# 2b. The same in `vrex shot`, whose one frame is headless: exit 3 with the message, no crash while unwinding.
VREX_GPU_FAULT=device_lost@frame:0 timeout 60 "$vrex" shot "$tour" -o "$out/lost-shot.png" --size 320x200 \
    >"$out/lost-shot.out" 2>"$out/lost-shot.err"
rc=$?
[ "$rc" -eq 3 ] || fail "device lost in shot: vrex exited $rc, expected 3: $(tail -3 "$out/lost-shot.err")"
grep -q "vrex: the GPU device was lost" "$out/lost-shot.err" || fail "device lost in shot: no clear message"

# 3. No room for an image over 4 MB (the museum's 2048x1024 panoramas take more, their previews less): the window
#    shows the preview with a warning; the picture is not black.
VREX_GPU_FAULT=out_of_memory@bytes:4000000 start_vrex oom "$tour" --size 800x500
screenshot "$out/oom-view.png"
stop_vrex
grep -q "out of GPU memory.*showing its panorama at a lower resolution" "$VREX_ERR" ||
    fail "oom view: no warning: $(tail -3 "$VREX_ERR")"
lit=$(fraction "$out/oom-view.png" 800x500+0+0 'r+g+b>0.15')
check "$lit > 0.5" "oom view: the picture is dark ($lit of it lit)"

# 4. The same in `vrex shot` (no preview first: one is decoded when the full panorama finds no room).
VREX_GPU_FAULT=out_of_memory@bytes:4000000 timeout 120 "$vrex" shot "$tour" -o "$out/oom-shot.png" --size 400x250 \
    >"$out/oom-shot.out" 2>"$out/oom-shot.err"
rc=$?
[ "$rc" -eq 0 ] || fail "oom shot: vrex exited $rc: $(tail -3 "$out/oom-shot.err")"
grep -q "showing its panorama at a lower resolution" "$out/oom-shot.err" || fail "oom shot: no warning"
if [ -f "$out/oom-shot.png" ]; then
    lit=$(fraction "$out/oom-shot.png" 400x250+0+0 'r+g+b>0.15')
    check "$lit > 0.5" "oom shot: the picture is dark ($lit of it lit)"
fi

# 5. A panorama removed while the tour runs: entering its scene again shows the placeholder and says why; the tour goes
#    on; put back changed, the next entry shows the new picture. (whale-left starts at yaw -70, pitch 15, hfov 100;
#    its link to the dolphins is at (-110, -6).)
W=800
H=500
mkdir -p "$out/tour"
cp -r "$tour"/. "$out/tour/"
start_vrex gone "$out/tour" --size ${W}x$H
read -r x y < <(pixel_of -110 -6 -70 15 100 $W $H)
enter_dolphins() { # N: the Nth entry
    xdotool mousemove "$x" "$y" click 1
    wait_for_count '"scene_entered".*"scene":"dolphins"' "$1" 10 || { fail "entry $1: the link did not enter the dolphins"; return 1; }
    wait_for_idle_after '"scene_entered".*"scene":"dolphins"' || fail "entry $1: the dolphins never finished fading in"
}
leave_dolphins() { # N: whale-left's Nth entry
    xdotool key BackSpace
    wait_for_count '"scene_entered".*"scene":"whale-left"' "$1" 10 || fail "Backspace did not go back to whale-left"
    wait_for_idle_after '"scene_entered".*"scene":"whale-left"' || fail "whale-left never finished fading in"
    xdotool mousemove 1270 790
}
placeholder_red() { convert "$1" -crop 200x100+300+200 +repage -format "%[fx:mean.r-mean.b]" info:; }
enter_dolphins 1 && screenshot "$out/dolphins-1.png"
leave_dolphins 2
mv "$out/tour/panos/dolphins.jpg" "$out/dolphins-away.jpg"
enter_dolphins 2 && screenshot "$out/dolphins-gone.png"
grep -q "dolphins.jpg" "$VREX_ERR" || fail "the removed panorama was not reported: $(tail -3 "$VREX_ERR")"
red=$(placeholder_red "$out/dolphins-gone.png")
check "$red > 0.1" "no placeholder after the panorama was removed ($red)"
leave_dolphins 3
cp "$tour/panos/walrus.jpg" "$out/tour/panos/dolphins.jpg" # a new file, a new time
enter_dolphins 3 && screenshot "$out/dolphins-changed.png"
red=$(placeholder_red "$out/dolphins-changed.png")
check "$red < 0.1" "the placeholder stayed after the panorama came back ($red)"
d=$(mean_difference "$out/dolphins-1.png" "$out/dolphins-changed.png")
check "$d > 0.02" "the changed panorama is not shown (mean difference to the first $d)"
stop_vrex

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
