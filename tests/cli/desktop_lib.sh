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

# start_vrex NAME ARGS...: runs `vrex view ARGS --events` in the background; stdout to $out/NAME.events. Returns
# once the first picture is on screen (the first idle event). The pointer waits outside the window, so that vrex
# draws only in answer to what the test does.
start_vrex() {
    local name="$1"
    shift
    VREX_EVENTS="$out/$name.events"
    VREX_ERR="$out/$name.err"
    xdotool mousemove 1270 790
    "$vrex" view "$@" --desktop --events >"$VREX_EVENTS" 2>"$VREX_ERR" &
    VREX_PID=$!
    wait_for_event '"scene_entered"' 30 || { fail "$name: no scene_entered: $(cat "$VREX_ERR")"; return 1; }
    VREX_WINDOW=$(xdotool search --sync --pid "$VREX_PID" 2>/dev/null | head -1)
    [ -n "$VREX_WINDOW" ] || VREX_WINDOW=$(xdotool search --name vrex | head -1)
    xdotool windowmove "$VREX_WINDOW" 0 0
    wait_for_idle 0 '"width":[1-9]' 30 || { fail "$name: the first picture never finished: $(tail -3 "$VREX_ERR")"; return 1; }
}

# vrex_gone: vrex has exited (the waits below give up at once then, instead of running into their time limit).
vrex_gone() { [ -n "${VREX_PID:-}" ] && ! kill -0 "$VREX_PID" 2>/dev/null; }

# wait_for_event REGEX [SECONDS]: waits until the events file has a line matching REGEX.
wait_for_event() {
    local pattern="$1" limit="${2:-10}" i
    for i in $(seq $((limit * 10))); do
        grep -Eq -- "$pattern" "$VREX_EVENTS" 2>/dev/null && return 0
        vrex_gone && return 1
        sleep 0.1
    done
    return 1
}

# wait_for_count REGEX N [SECONDS]: waits until N lines of the events file match REGEX.
wait_for_count() {
    local pattern="$1" n="$2" limit="${3:-10}" i
    for i in $(seq $((limit * 10))); do
        [ "$(grep -Ec -- "$pattern" "$VREX_EVENTS" 2>/dev/null)" -ge "$n" ] && return 0
        vrex_gone && return 1
        sleep 0.1
    done
    return 1
}

# The desktop loop prints {"event":"idle",...,"width":W,"height":H,"button_down":B} each time it goes from drawing
# to idle: the scene's panorama is on screen, nothing moves by itself, the last frame drawn is presented (README,
# --events). A test takes idle_count while vrex is idle, acts, and waits for an idle event beyond that count. The
# first one shows what the action led to when the action is one X input event (a key, a button, one pointer
# motion); after several, wait for an idle event that only their end can bring (button_down false after a drag),
# or for the idle after the line the action prints (wait_for_idle_after).

# idle_count: how many idle events vrex has printed so far.
idle_count() { grep -c '"event":"idle"' "$VREX_EVENTS" 2>/dev/null; }

# wait_for_idle N [REGEX] [SECONDS]: waits until an idle event after the first N matches REGEX (default: any).
wait_for_idle() {
    local n="$1" pattern="${2:-.}" limit="${3:-20}" i
    for i in $(seq $((limit * 10))); do
        grep '"event":"idle"' "$VREX_EVENTS" 2>/dev/null | tail -n +$((n + 1)) | grep -Eq -- "$pattern" && return 0
        vrex_gone && return 1
        sleep 0.1
    done
    return 1
}

# wait_for_idle_after REGEX [SECONDS]: waits for an idle event printed after the last line matching REGEX, i.e. until
# what that event started (a panel's turn to face the visitor, a scene's fade-in) has finished and is on screen.
wait_for_idle_after() {
    local pattern="$1" limit="${2:-20}" i
    for i in $(seq $((limit * 10))); do
        awk -v re="$pattern" '$0 ~ re { found = 0; seen = 1; next } seen && /"event":"idle"/ { found = 1 }
                              END { exit !found }' "$VREX_EVENTS" 2>/dev/null && return 0
        vrex_gone && return 1
        sleep 0.1
    done
    return 1
}

# settle COMMAND...: runs one input action (an xdotool command that sends one X event) and waits for the idle event
# after it.
settle() {
    local n
    n=$(idle_count)
    "$@"
    wait_for_idle "$n" || { fail "vrex never went idle after: $*"; return 1; }
}

# minimise WINDOW / restore WINDOW: Xvfb runs no window manager, so `xdotool windowminimize` (a request to one) does
# nothing. These do what a window manager does (ICCCM 4.1.4): unmap the window and set its WM_STATE to IconicState,
# or set NormalState and map it again. GLFW reports that as iconified / restored.
minimise() { set_wm_state "$1" 3; }
restore() { set_wm_state "$1" 1; }
set_wm_state() {
    python3 - "$@" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XChangeProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int,
                              ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
x.XMapWindow.argtypes = x.XUnmapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
window, state = int(sys.argv[1]), int(sys.argv[2])
display = x.XOpenDisplay(None)
wm_state = x.XInternAtom(display, b"WM_STATE", 0)
(x.XUnmapWindow if state == 3 else x.XMapWindow)(display, window)
data = (ctypes.c_long * 2)(state, 0)  # the state, no icon window
x.XChangeProperty(display, window, wm_state, wm_state, 32, 0, data, 2)  # 0: PropModeReplace
x.XSync(display, 0)
x.XCloseDisplay(display)
PY
}

# stop_vrex: closes the window like a visitor (Ctrl+Q) and checks a clean exit (0: no validation errors).
stop_vrex() {
    xdotool key --window "$VREX_WINDOW" ctrl+q 2>/dev/null
    # 10 s; a minute in a sanitizer build (VREX_SANITIZED, tests/CMakeLists.txt), where the last frame of a large model
    # takes a second or more and LeakSanitizer reads the whole heap at exit.
    local i tries=100
    [ -n "${VREX_SANITIZED:-}" ] && tries=600
    for i in $(seq "$tries"); do kill -0 "$VREX_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$VREX_PID" 2>/dev/null; then
        fail "vrex did not exit on Ctrl+Q within $((tries / 10)) s"
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

# fraction IMAGE CROP FX: the share of the pixels in CROP (WxH+X+Y) for which the ImageMagick -fx expression FX is
# true (r, g, b in 0..1).
fraction() { convert "$1" -crop "$2" +repage -fx "$3" -format "%[fx:mean]" info:; }

# check PYTHON_EXPRESSION MESSAGE: fails with MESSAGE unless the expression is true.
check() { python3 -c "import sys; sys.exit(0 if ($1) else 1)" || fail "$2"; }

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
