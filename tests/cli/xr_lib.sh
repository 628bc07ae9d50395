# Helpers for the end-to-end tests of `vrex view --xr` on xrsim (tests/cli/xr.sh, xr_faults.sh). Expects vrex, out,
# manifest and tour set, and fail from desktop_lib.sh; files named *_lib.sh are not tests themselves.

# run_xr NAME SCRIPT FRAMES [ARGS...]: vrex view --xr with a scripted headset; output in $out/NAME/. vrex must exit
# with XR_EXPECT_RC (0 unless set).
run_xr() {
    local name="$1" script="$2" frames="$3"
    shift 3
    mkdir -p "$out/$name"
    printf "%s\n" "$script" >"$out/$name/script.txt"
    XR_RUNTIME_JSON="$manifest" XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation \
        XR_CORE_VALIDATION_EXPORT_TYPE=text XR_CORE_VALIDATION_FILE_NAME="$out/$name/xr_validation.txt" \
        VREX_XRSIM_SCRIPT="$out/$name/script.txt" VREX_XRSIM_CAPTURE="$out/$name" \
        timeout 120 "$vrex" view --xr "${tour}" --frames "$frames" --events "$@" >"$out/$name/events" 2>"$out/$name/err"
    local rc=$?
    [ "$rc" -eq "${XR_EXPECT_RC:-0}" ] || fail "$name: vrex exited $rc: $(tail -5 "$out/$name/err")"
    check_xr_run "$name"
}

# check_xr_run NAME: the validation layers were on and said nothing, and the runtime saw the session through with no
# misuse (a handle used after its parent died counts too) and no discarded frame (an xrBeginFrame without its
# xrEndFrame).
check_xr_run() {
    local d="$out/$1"
    # The OpenXR core validation layer announces itself when it loads (vrex keeps stdout for events, so on stderr); its
    # messages go to the file.
    grep -q "Core Validation output type" "$d/events" "$d/err" || fail "$1: the OpenXR core validation layer did not load"
    grep -q "VALID_ERROR" "$d/xr_validation.txt" 2>/dev/null &&
        fail "$1: OpenXR validation errors: $(grep -h VALID_ERROR "$d/xr_validation.txt" | head -3)"
    grep -q "vulkan validation" "$d/err" && fail "$1: Vulkan validation messages: $(grep -h "vulkan validation" "$d/err" | head -3)"
    [ -s "$d/xrsim.log" ] || fail "$1: no runtime log"
    grep -q '"event":"misuse"' "$d/xrsim.log" &&
        fail "$1: the runtime saw API misuse: $(grep -h '"event":"misuse"' "$d/xrsim.log" | head -3)"
    grep -q '"event":"frame_discarded"' "$d/xrsim.log" &&
        fail "$1: frames were discarded (xrBeginFrame without xrEndFrame): $(grep -c frame_discarded "$d/xrsim.log")"
    grep -q '"event":"instance_destroyed","misuse":0' "$d/xrsim.log" || fail "$1: the instance was not destroyed cleanly"
}
mean_difference() { convert "$1" "$2" -compose difference -composite -colorspace gray -format "%[fx:mean]" info:; }
below() { python3 -c "import sys; sys.exit(0 if float('$1') < float('$2') else 1)"; }
