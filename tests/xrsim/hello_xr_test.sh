#!/usr/bin/env bash
# Runs Debian's hello_xr (a real OpenXR application) against xrsim, with the OpenXR core validation layer and the
# Vulkan validation layer on, and checks xrsim's log.
#   hello_xr_test.sh MANIFEST SCRIPT OUT_DIR stdin|quit
# stdin: hello_xr renders until its standard input closes (after a few seconds), like `sleep 30 | hello_xr`.
# quit:  the script presses the menu button; hello_xr requests exit and must leave through EXITING on its own.
set -u
manifest=$1 script=$2 out=$3 mode=$4
hello_xr=${HELLO_XR:-/usr/bin/hello_xr}
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$hello_xr" ] || fail "$hello_xr is missing (apt-get install libopenxr-utils)"
# VK_INSTANCE_LAYERS ignores a layer that is not installed: require it, so that "validation on" is true.
ls /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json >/dev/null 2>&1 ||
    fail "VK_LAYER_KHRONOS_validation is not installed (apt-get install vulkan-validationlayers)"

rm -rf "$out" && mkdir -p "$out"
export XR_RUNTIME_JSON=$manifest
export XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation
export XR_CORE_VALIDATION_EXPORT_TYPE=text
export XR_CORE_VALIDATION_FILE_NAME=$out/xr_validation.txt
export VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation
export VREX_XRSIM_SCRIPT=$script
export VREX_XRSIM_CAPTURE=$out
log=$out/xrsim.log

if [ "$mode" = stdin ]; then
    (sleep "${HELLO_XR_SECONDS:-6}") | timeout 120 "$hello_xr" -g Vulkan2 >"$out/hello_xr.txt" 2>&1
    rc=$?
else
    mkfifo "$out/stdin" # held open by a writer that never writes: hello_xr must leave on its own
    sleep 150 >"$out/stdin" &
    writer=$!
    timeout 120 "$hello_xr" -g Vulkan2 >"$out/hello_xr.txt" 2>&1 <"$out/stdin"
    rc=$?
    kill "$writer" 2>/dev/null
fi
[ "$rc" -eq 0 ] || { tail -20 "$out/hello_xr.txt"; fail "hello_xr exited with $rc"; }

count() { grep -c "$1" "$log" || true; }
[ -f "$log" ] || fail "no xrsim log"
[ "$(count '"event":"misuse"')" -eq 0 ] || { grep '"misuse"' "$log" | head; fail "xrsim saw misuse"; }
[ "$(count '"state":"FOCUSED"')" -ge 1 ] || fail "never FOCUSED"
projection_frames=$(count '"kinds":"projection"')
[ "$projection_frames" -ge 30 ] || fail "only $projection_frames frames with a projection layer"
grep -q '"event":"session_destroyed"' "$log" || fail "the session was not destroyed"
grep -q '"event":"instance_destroyed"' "$log" || fail "the instance was not destroyed"
grep -q "Core Validation output type" "$out/hello_xr.txt" || fail "the OpenXR core validation layer did not load"
if grep -E 'VALID_ERROR|VUID-|Validation Error|\[Error' "$out/hello_xr.txt" "$out/xr_validation.txt" 2>/dev/null | head -5 | grep .; then
    fail "validation errors"
fi

if [ "$mode" = stdin ]; then
    for frame in 40 90; do
        for eye in left right; do
            png=$out/frame-$frame-$eye.png
            [ -s "$png" ] || fail "no capture $png"
            grep "\"frame\":$frame,\"eye\":\"$eye\"" "$log" | grep -q '"uniform":false' || fail "$png is uniform"
        done
    done
    grep -q '"event":"haptic"' "$log" || fail "the select press gave no haptic pulse"
    grep -q '"profile":"/interaction_profiles/khr/simple_controller"' "$log" || fail "no interaction profile"
    grep -q '"state":"VISIBLE"' "$log" || fail "never VISIBLE"
else
    for state in STOPPING IDLE EXITING; do
        grep -q "\"state\":\"$state\"" "$log" || fail "never $state"
    done
    grep -q '"event":"request_exit"' "$log" || fail "hello_xr did not call xrRequestExitSession"
fi
echo "hello_xr ($mode): $projection_frames projection frames, $(count '"event":"haptic"') haptic pulses, no misuse"
