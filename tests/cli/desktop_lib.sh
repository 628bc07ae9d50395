# Helpers for the desktop end-to-end tests: a private Xvfb, the real `vrex view`, xdotool, screenshots.
# Sourced by tests/cli/desktop.sh; files named *_lib.sh are not tests themselves (see tests/CMakeLists.txt).
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# start_xvfb: picks a free display, starts Xvfb 1280x800, exports DISPLAY.
start_xvfb() {
    local n
    for n in $(seq 90 140); do
        [ -e "/tmp/.X$n-lock" ] && continue
        Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
        XVFB_PID=$!
        export DISPLAY=":$n"
        for _ in $(seq 50); do
            xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
            kill -0 "$XVFB_PID" 2>/dev/null || break
            sleep 0.1
        done
    done
    echo "cannot start Xvfb"
    exit 1
}

# start_vrex NAME ARGS...: runs `vrex view ARGS --events` in the background; stdout to $out/NAME.events.
start_vrex() {
    local name="$1"
    shift
    VREX_EVENTS="$out/$name.events"
    VREX_ERR="$out/$name.err"
    "$vrex" view "$@" --desktop --events >"$VREX_EVENTS" 2>"$VREX_ERR" &
    VREX_PID=$!
    wait_for_event '"scene_entered"' 30 || { fail "$name: no scene_entered: $(cat "$VREX_ERR")"; return 1; }
    VREX_WINDOW=$(xdotool search --sync --pid "$VREX_PID" 2>/dev/null | head -1)
    [ -n "$VREX_WINDOW" ] || VREX_WINDOW=$(xdotool search --name vrex | head -1)
    xdotool windowmove "$VREX_WINDOW" 0 0
    sleep 1.0 # let the panorama load and a few frames present
}

# wait_for_event REGEX [SECONDS]: waits until the events file has a line matching REGEX.
wait_for_event() {
    local pattern="$1" limit="${2:-10}" i
    for i in $(seq $((limit * 10))); do
        grep -Eq -- "$pattern" "$VREX_EVENTS" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# wait_for_count REGEX N [SECONDS]: waits until N lines of the events file match REGEX.
wait_for_count() {
    local pattern="$1" n="$2" limit="${3:-10}" i
    for i in $(seq $((limit * 10))); do
        [ "$(grep -Ec -- "$pattern" "$VREX_EVENTS" 2>/dev/null)" -ge "$n" ] && return 0
        sleep 0.1
    done
    return 1
}

# stop_vrex: closes the window like a visitor (Ctrl+Q) and checks a clean exit (0: no validation errors).
stop_vrex() {
    xdotool key --window "$VREX_WINDOW" ctrl+q 2>/dev/null
    local i
    for i in $(seq 100); do kill -0 "$VREX_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$VREX_PID" 2>/dev/null; then
        fail "vrex did not exit on Ctrl+Q"
        kill "$VREX_PID"
    fi
    wait "$VREX_PID"
    local rc=$?
    [ "$rc" -eq 0 ] || fail "vrex exited $rc: $(tail -5 "$VREX_ERR")"
    grep -q "validation" "$VREX_ERR" && fail "validation messages: $(grep validation "$VREX_ERR" | head -3)"
}

screenshot() { import -window root -crop "${2:-800x500}+0+0" +repage "$1"; }

# mean_difference A B: mean absolute difference of two images, 0..1.
mean_difference() { convert "$1" "$2" -compose difference -composite -colorspace gray -format "%[fx:mean]" info:; }

# pixel_of YAW PITCH CAM_YAW CAM_PITCH HFOV W H: where a direction appears in the window (DESIGN §2 conventions,
# written out independently of the engine's math).
pixel_of() {
    python3 - "$@" <<'PY'
import math, sys
yaw, pitch, cy, cp, hfov, w, h = map(float, sys.argv[1:])
r = math.radians
d = (math.sin(r(yaw)) * math.cos(r(pitch)), math.sin(r(pitch)), -math.cos(r(yaw)) * math.cos(r(pitch)))
# into the camera's frame: undo its yaw (a turn about +Y), then its pitch (a turn about +X)
a = r(cy)
x, y, z = d[0] * math.cos(a) + d[2] * math.sin(a), d[1], -d[0] * math.sin(a) + d[2] * math.cos(a)
b = -r(cp)
y, z = y * math.cos(b) - z * math.sin(b), y * math.sin(b) + z * math.cos(b)
t = math.tan(r(hfov) / 2)
px = (x / -z / t + 1) / 2 * w
py = (1 - y / -z / (t * h / w)) / 2 * h
print(int(round(px)), int(round(py)))
PY
}
