#!/usr/bin/env bash
# End-to-end: the real `vrex shot` on good and broken inputs. Usage: shot.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE PATTERN -- ARGS...: runs vrex, checks the exit code and that stderr+stdout match PATTERN.
expect() {
    local code="$1" pattern="$2"
    shift 3
    local log="$out/log.txt"
    "$vrex" "$@" >"$log" 2>&1
    local rc=$?
    cat "$log" >>"$out/all-runs.txt" # every run's output, for the mutation check (tests/mutation/check.sh)
    [ "$rc" -eq "$code" ] || fail "vrex $* exited $rc, expected $code: $(cat "$log")"
    grep -Eq -- "$pattern" "$log" || fail "vrex $* printed '$(cat "$log")', expected /$pattern/"
    if grep -q "Segmentation\|core dumped\|Aborted" "$log"; then fail "vrex $* crashed"; fi
}

# A good shot, with timings for every stage.
expect 0 "mips \(cpu\) +[0-9.]+ ms" -- shot "$src/scenes/museum/panos/whale-left.jpg" --yaw 30 --size 320x200 -o "$out/ok.png" --timings
for stage in decode upload render readback "png write"; do
    grep -q "^$stage " "$out/log.txt" || fail "--timings lacks the '$stage' line"
done
python3 - "$out/ok.png" <<'PY' || fail "ok.png is not a 320x200 PNG with content"
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (320, 200), (w, h)
PY

# Broken inputs: clear message naming the file, exit code 1, no crash.
head -c 20000 "$src/tests/data/grid_512x256.jpg" >"$out/truncated.jpg"
: >"$out/empty.jpg"
echo "not a picture" >"$out/text.jpg"
python3 - "$out/huge.png" <<'PY'
import struct, sys, zlib
ihdr = b'IHDR' + struct.pack('>IIBBBBB', 100000, 50000, 8, 6, 0, 0, 0)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + struct.pack('>I', 13) + ihdr + struct.pack('>I', zlib.crc32(ihdr)))
PY
expect 1 "truncated.jpg: corrupt or truncated JPEG" -- shot "$out/truncated.jpg" -o "$out/x.png"
expect 1 "empty.jpg: file is empty" -- shot "$out/empty.jpg" -o "$out/x.png"
expect 1 "text.jpg: not an image" -- shot "$out/text.jpg" -o "$out/x.png"
expect 1 "huge.png: image is 100000x50000, larger than vrex accepts" -- shot "$out/huge.png" -o "$out/x.png"
expect 1 "missing.jpg" -- shot "$out/missing.jpg" -o "$out/x.png"
[ -e "$out/x.png" ] && fail "a failed shot left an output file"

# Bad options: usage error, exit code 2.
expect 2 "size must look like" -- shot "$src/scenes/museum/panos/whale-left.jpg" --size 12by7
expect 2 "pitch" -- shot "$src/scenes/museum/panos/whale-left.jpg" --pitch 120
expect 1 "cannot write" -- shot "$src/scenes/museum/panos/whale-left.jpg" --size 64x64 -o "$out/no/such/dir/x.png"

# Tours: a shot shows what a visitor sees. check_markers MARKED BARE TOUR SCENE YAW PITCH HFOV [SHIFT]: each hotspot of
# SCENE in view changes the pixels where the math (the conventions of DESIGN §2, written out here independently of
# the engine, as pixel_of in desktop_lib.sh) puts it, compared with the --no-hotspots shot; pixels far from every
# marker and label do not change. SHIFT (px, default 0) moves the expected pixels, to see both checks fail.
check_markers() {
    python3 - "$@" <<'PY'
import math, subprocess, sys, yaml
marked, bare, tour, scene_id, cy, cp, hfov = sys.argv[1:8]
cy, cp, hfov = float(cy), float(cp), float(hfov)
shift = float(sys.argv[8]) if len(sys.argv) > 8 else 0.0

def load(png):
    size = subprocess.run(['identify', '-format', '%w %h', png], capture_output=True, text=True, check=True).stdout
    w, h = map(int, size.split())
    return w, h, subprocess.run(['convert', png, '-depth', '8', 'rgb:-'], capture_output=True, check=True).stdout

w, h, a = load(marked)
_, _, b = load(bare)
r = math.radians

def pixel_of(yaw, pitch):  # None when behind the camera
    d = (math.sin(r(yaw)) * math.cos(r(pitch)), math.sin(r(pitch)), -math.cos(r(yaw)) * math.cos(r(pitch)))
    t = r(cy)
    x, y, z = d[0] * math.cos(t) + d[2] * math.sin(t), d[1], -d[0] * math.sin(t) + d[2] * math.cos(t)
    t = -r(cp)
    y, z = y * math.cos(t) - z * math.sin(t), y * math.sin(t) + z * math.cos(t)
    if z >= -1e-6:
        return None
    f = math.tan(r(hfov) / 2)
    return (x / -z / f + 1) / 2 * w, (1 - y / -z / (f * h / w)) / 2 * h

def diff(x, y):
    i = (y * w + x) * 3
    return max(abs(a[i + k] - b[i + k]) for k in range(3))

scene = next(s for s in yaml.safe_load(open(tour))['scenes'] if s['id'] == scene_id)
radius = w / 2 / math.tan(r(hfov) / 2) * math.tan(r(3))  # the marker's angular radius, 3 degrees, in pixels
keep_out, checked, bad = [], 0, 0
for hs in scene.get('hotspots', []):
    p = pixel_of(hs['at']['yaw'], hs['at']['pitch'])
    if p is None:
        continue
    px, py = p[0] + shift, p[1]
    # the marker (its outline a little beyond the radius) and the label below a link's marker
    keep_out.append((px - 1.5 * radius - 30, py - 1.5 * radius - 4, px + 1.5 * radius + 30, py + 3 * radius + 8))
    x0, y0 = int(round(px)), int(round(py))
    if not (6 <= x0 < w - 6 and 6 <= y0 < h - 6):
        continue
    box = [diff(x, y) for x in range(x0 - 4, x0 + 5) for y in range(y0 - 4, y0 + 5)]
    mean = sum(box) / len(box)
    checked += 1
    print(f"{scene_id}/{hs['id']}: expected at ({x0},{y0}), mean difference there {mean:.1f}")
    if mean < 20:
        print(f"FAIL: {scene_id}: no marker of {hs['id']} at ({x0},{y0}): mean difference {mean:.1f}")
        bad += 1
far = changed = 0
for y in range(h):
    for x in range(w):
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in keep_out):
            continue
        far += 1
        changed += diff(x, y) > 2
print(f"{scene_id}: {checked} markers checked; {changed} of {far} pixels far from them changed")
if checked == 0:
    print(f"FAIL: {scene_id}: no hotspot in view to check")
if changed > 0 or checked == 0:
    bad += 1
sys.exit(1 if bad else 0)
PY
}

# check PYTHON_EXPRESSION MESSAGE: fails with MESSAGE unless the expression is true.
check() { python3 -c "import sys; sys.exit(0 if ($1) else 1)" || fail "$2"; }

# fraction_changed A B CROP: the share of the pixels in CROP (WxH+X+Y) that differ by more than 3% between A and B.
fraction_changed() {
    convert "$1" "$2" -compose difference -composite -crop "$3" +repage -colorspace gray -threshold 3% \
        -format "%[fx:mean]" info:
}

museum="$src/scenes/museum"
tour_yaml="$museum/tour.yaml"
# One scene from a view of our own: markers where the math puts them, nothing else changed.
view=(--scene whale-right --yaw 165 --pitch 10 --hfov 90 --size 640x360)
expect 0 "scene build +[0-9.]+ ms" -- shot "$museum" "${view[@]}" -o "$out/marked.png" --timings
for stage in decode upload+convert "model load" "scene build" render readback "png write"; do
    grep -q "^$stage " "$out/log.txt" || fail "tour --timings lacks the '$stage' line"
done
expect 0 "scene build" -- shot "$museum" "${view[@]}" --no-hotspots -o "$out/bare.png" --timings
check_markers "$out/marked.png" "$out/bare.png" "$tour_yaml" whale-right 165 10 90 ${VREX_SHOT_SHIFT:-0} ||
    fail "markers of whale-right are not where the math puts them (see above)"

# The contact sheet shows the markers too: every scene, from its own view.
expect 0 "sheet/walrus.png" -- shot "$museum" --all --size 320x180 -o "$out/sheet"
expect 0 "bare/walrus.png" -- shot "$museum" --all --no-hotspots --size 320x180 -o "$out/bare"
views=$(python3 -c "
import sys, yaml
for s in yaml.safe_load(open(sys.argv[1]))['scenes']:
    print(s['id'], s['view']['yaw'], s['view']['pitch'], s['view']['hfov'])" "$tour_yaml")
[ "$(echo "$views" | wc -l)" -ge 4 ] || fail "the museum tour lists fewer scenes than expected: $views"
while read -r scene yaw pitch hfov; do
    check_markers "$out/sheet/$scene.png" "$out/bare/$scene.png" "$tour_yaml" "$scene" "$yaw" "$pitch" "$hfov" \
        ${VREX_SHOT_SHIFT:-0} || fail "contact sheet: the markers of $scene are not where the math puts them"
done <<<"$views"

# --open: an info hotspot's panel (about 46 degrees wide on the desktop) covers the view around the hotspot; by
# default the view turns to face it.
open_view=(--scene whale-right --yaw 40 --pitch 2 --hfov 90 --size 640x360)
expect 0 "render" -- shot "$museum" "${open_view[@]}" -o "$out/diorama.png" --timings
expect 0 "render" -- shot "$museum" "${open_view[@]}" --open dolphin-diorama -o "$out/diorama-open.png" --timings
expect 0 "render" -- shot "$museum" --scene whale-right --hfov 90 --size 640x360 --open dolphin-diorama \
    -o "$out/diorama-turned.png" --timings
covered=$(fraction_changed "$out/diorama.png" "$out/diorama-open.png" 240x90+200+135)
echo "--open dolphin-diorama: $covered of the centre changed"
check "$covered > 0.8" "--open dolphin-diorama shows no panel: $covered of the centre changed"
turned=$(fraction_changed "$out/diorama-open.png" "$out/diorama-turned.png" 640x360+0+0)
echo "--open without --yaw/--pitch: $turned of the picture differs from the one facing the panel"
check "$turned < 0.01" "--open did not turn the view to face the panel: $turned differs"

# --open errors: a link, an unknown id (the scene's hotspots listed), with --all, --no-hotspots or an image.
expect 1 "--open to-walrus: a link to scene 'walrus'; --open takes an info, media or model hotspot" -- \
    shot "$museum" --scene whale-right --open to-walrus -o "$out/x.png"
hotspots="to-dolphins to-walrus to-whale whale dolphin-diorama"
expect 1 "scene 'whale-right' has no hotspot 'nope'; hotspots: $hotspots\$" -- \
    shot "$museum" --scene whale-right --open nope -o "$out/x.png"
expect 2 "--all excludes --open" -- shot "$museum" --all --open whale -o "$out/x"
expect 2 "--no-hotspots excludes --open" -- shot "$museum" --open whale --no-hotspots -o "$out/x.png"
expect 2 "need a tour" -- shot "$museum/panos/whale-left.jpg" --open whale -o "$out/x.png"
# --turn-model turns an open model (cli.desktop checks its angle against a drag); elsewhere it is an error.
expect 1 "--turn-model: hotspot 'dolphin-diorama' opens no model exhibit" -- \
    shot "$museum" --scene whale-right --open dolphin-diorama --turn-model 30 -o "$out/x.png"
expect 2 "--turn-model requires --open" -- shot "$museum" --turn-model 30 -o "$out/x.png"
[ -e "$out/x.png" ] && fail "a failed --open left an output file"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
