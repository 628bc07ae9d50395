#!/usr/bin/env bash
# Soak (ctest label `soak`, issue 13 item 5): many scene switches, headless (`vrex bench --only memory`) and in the
# headset on the test runtime (`vrex view --xr`, a controller on the link and the trigger pulled again and again).
# Resident memory, GPU memory and open file descriptors must stay flat (within 5 % after the warm-up) and no
# validation message may appear. CI runs the short version; the long one (docs/testing.md "Soak") sets
#   VREX_SOAK_SWITCHES=5000 VREX_SOAK_XR_SWITCHES=1000 bash tests/cli/soak.sh build/vrex /tmp/soak
# Usage: soak.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
switches="${VREX_SOAK_SWITCHES:-300}"
xr_switches="${VREX_SOAK_XR_SWITCHES:-40}"
manifest="$(dirname "$vrex")/tests/xrsim/vrex_xrsim.json"
rm -rf "$out" && mkdir -p "$out"
# fail, failures (sourced first: it sets failures=0)
source "$(dirname "$0")/desktop_lib.sh"

# flat NAME BEFORE AFTER: AFTER is at most 5 % (and one unit) above BEFORE.
flat() {
    python3 -c "import sys; b, a = float('$2'), float('$3'); sys.exit(0 if a <= b * 1.05 + 1 else 1)" ||
        fail "$1 grew from $2 to $3 (more than 5 %)"
    echo "soak: $1 $2 -> $3"
}

convert -size 1024x512 gradient:navy-orange -attenuate 0.3 +noise Uniform -quality 85 "$out/pano.jpg" ||
    fail "cannot make the test panorama (ImageMagick)"

# 1. Headless: `vrex bench`'s memory section, a ring of 4 scenes, $switches switches after the first visit of each.
"$vrex" bench "$out/pano.jpg" --only memory --scenes 4 --switches "$switches" --size 320x180 --json \
    >"$out/bench.json" 2>"$out/bench.err"
rc=$?
[ "$rc" -eq 0 ] || fail "vrex bench exited $rc: $(tail -5 "$out/bench.err")"
grep -qi "vulkan validation\|validation error" "$out/bench.err" &&
    fail "validation messages: $(grep -hi validation "$out/bench.err" | head -3)"
field() { python3 -c "import json,sys; print(json.load(open('$out/bench.json'))['memory']['$1']['$2'])" 2>/dev/null; }
[ "$(python3 -c "import json; print(json.load(open('$out/bench.json'))['memory']['switches'])")" = "$switches" ] ||
    fail "the bench did not make $switches switches: $(head -c 400 "$out/bench.json")"
for k in vm_rss_mb gpu_panoramas_mb gpu_heap_usage_mb open_fds; do
    b="$(field visited "$k")" a="$(field after_switches "$k")"
    if [[ "$b" =~ ^[0-9.]+$ && "$a" =~ ^[0-9.]+$ ]]; then
        flat "headless $k" "$b" "$a"
    elif [ "$k" != gpu_heap_usage_mb ]; then # the one figure a device may lack (no VK_EXT_memory_budget)
        fail "headless: no $k in $(head -c 400 "$out/bench.json")"
    fi
done

# 2. In the headset: two scenes that link to each other at (yaw 0, pitch -10); the controller aims there and the
#    trigger is pulled every 60 frames. Resident memory and descriptors are sampled from /proc while it runs (on
#    lavapipe the GPU's memory is the process's own, so VmRSS counts it too).
mkdir -p "$out/tour" "$out/xr"
cp "$out/pano.jpg" "$out/tour/a.jpg" && cp "$out/pano.jpg" "$out/tour/b.jpg"
printf '%s\n' 'tour: {title: Soak, start: a}' 'scenes:' \
    '  - {id: a, panorama: a.jpg, hotspots: [{id: go, kind: link, at: {yaw: 0, pitch: -10}, target: b}]}' \
    '  - {id: b, panorama: b.jpg, hotspots: [{id: go, kind: link, at: {yaw: 0, pitch: -10}, target: a}]}' \
    >"$out/tour/tour.yaml"
{
    echo "0 controller on"
    echo "0 aim 0 -10"
    for ((i = 0; i < xr_switches; i++)); do
        echo "$((60 + i * 60)) trigger 1"
        echo "$((62 + i * 60)) trigger 0"
    done
} >"$out/xr/script.txt"
frames=$((120 + xr_switches * 60))
XR_RUNTIME_JSON="$manifest" XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation \
    XR_CORE_VALIDATION_EXPORT_TYPE=text XR_CORE_VALIDATION_FILE_NAME="$out/xr/xr_validation.txt" \
    VREX_XRSIM_SCRIPT="$out/xr/script.txt" VREX_XRSIM_CAPTURE="$out/xr" VREX_XRSIM_VIEW_WIDTH=256 VREX_XRSIM_VIEW_HEIGHT=256 \
    "$vrex" view --xr "$out/tour" --frames "$frames" --events >"$out/xr/events" 2>"$out/xr/err" &
pid=$!
: >"$out/xr/samples" # ENTERED RSS_KB FDS, once a second
while kill -0 "$pid" 2>/dev/null; do
    rss="$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null)"
    fds="$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)"
    entered="$(grep -c '"scene_entered"' "$out/xr/events" 2>/dev/null)"
    [ -n "$rss" ] && echo "$entered $rss $fds" >>"$out/xr/samples"
    sleep 1
done
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || fail "vrex view --xr exited $rc: $(tail -5 "$out/xr/err")"
grep -q "vulkan validation" "$out/xr/err" && fail "xr: Vulkan validation messages: $(grep -h "vulkan validation" "$out/xr/err" | head -3)"
grep -q "VALID_ERROR" "$out/xr/xr_validation.txt" 2>/dev/null &&
    fail "xr: OpenXR validation errors: $(grep -h VALID_ERROR "$out/xr/xr_validation.txt" | head -3)"
grep -q "Core Validation output type" "$out/xr/events" "$out/xr/err" || fail "xr: the OpenXR core validation layer did not load"
entered="$(grep -c '"scene_entered"' "$out/xr/events")"
[ "$entered" -ge $((xr_switches * 9 / 10)) ] || fail "xr: only $entered of $xr_switches switches entered a scene"
echo "soak: xr $entered scenes entered"
# The warm-up: the first sample once both scenes were shown twice; against the last sample.
read -r _ rss0 fds0 < <(awk '$1 >= 4' "$out/xr/samples" | head -1)
read -r _ rss1 fds1 < <(tail -1 "$out/xr/samples")
if [ -n "${rss0:-}" ] && [ -n "${rss1:-}" ] && [ "$(awk '$1 >= 4' "$out/xr/samples" | wc -l)" -ge 3 ]; then
    flat "xr vm_rss_kb" "$rss0" "$rss1"
    flat "xr open_fds" "$fds0" "$fds1"
else
    fail "xr: too few samples after the warm-up: $(tail -3 "$out/xr/samples")"
fi

[ "$failures" -eq 0 ] || exit 1
echo "cli.soak: all checks passed"
