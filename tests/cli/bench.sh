#!/usr/bin/env bash
# End-to-end: the real `vrex bench` on a small generated panorama and a small generated tour, every section, JSON
# checked for presence and positive figures (no timed assertions: the figures vary with the machine); bad inputs.
# Usage: bench.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# The test runtime, when the build has it: the xr section then measures instead of saying why it skipped.
manifest="$(dirname "$vrex")/tests/xrsim/vrex_xrsim.json"
[ -f "$manifest" ] && export XR_RUNTIME_JSON="$manifest"
export VREX_XRSIM_LOG="$out/xrsim.log"

# A panorama wide enough for a reduced preview decode (over 2 x 1024 px), and a 3-scene tour of it in a ring.
convert -size 4096x2048 gradient:navy-orange -attenuate 0.3 +noise Uniform -quality 85 "$out/pano.jpg" ||
    fail "cannot make the test panorama (ImageMagick)"
mkdir -p "$out/tour"
{
    echo "tour: {title: bench test, start: a}"
    echo "scenes:"
    for s in a:b b:c c:a; do
        cp "$out/pano.jpg" "$out/tour/${s%%:*}.jpg"
        echo "  - {id: ${s%%:*}, panorama: ${s%%:*}.jpg, hotspots: [{id: go, kind: link, at: {yaw: 0, pitch: -10}, target: ${s##*:}}]}"
    done
} >"$out/tour/tour.yaml"
"$vrex" lint "$out/tour" >"$out/lint.txt" 2>&1 || fail "the test tour does not lint: $(cat "$out/lint.txt")"

small=(--iterations 2 --frames 4 --switches 5 --scenes 3 --size 320x180 --eye-size 160x168)

# check_json FILE SECTIONS...: each section is there; every number in it is positive; xr measured or said why not.
check_json() {
    python3 - "$@" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
bad = []
def walk(path, v):
    if isinstance(v, bool): return
    if isinstance(v, (int, float)):
        zero_ok = path.endswith(".cache_decoded_mb")  # nothing waits for its upload at that moment
        if not (v > 0 or (zero_ok and v == 0)): bad.append(f"{path} = {v}")
    elif isinstance(v, dict):
        for k, c in v.items(): walk(f"{path}.{k}", c)
    elif isinstance(v, list):
        for i, c in enumerate(v): walk(f"{path}[{i}]", c)
for name in sys.argv[2:]:
    if name not in report: bad.append(f"no section {name}"); continue
    walk(name, report[name])
if "frame" in sys.argv[2:] and "frame" in report:
    for config in ("mono", "stereo"):
        for part in ("frame", "floor"):
            for k in ("cpu_ms", "wall_ms", "gpu_ms"):
                if "median" not in report["frame"].get(config, {}).get(part, {}).get(k, {}):
                    bad.append(f"frame.{config}.{part}.{k} has no median")
if "load" in sys.argv[2:] and "load" in report:
    for when in ("cold", "warm", "warm_first_open"):  # the preview may come with the full panorama: not required
        for k in ("first_frame_ms", "full_ms", "preview_from"):
            if k not in report["load"][when]: bad.append(f"load.{when}.{k} missing")
    if report["load"]["warm_first_open"].get("preview_from") != "decode":
        bad.append("load.warm_first_open: the preview did not come from the file")
    for k in ("read_ms", "decode_ms", "preview_decode_ms", "upload_ms", "first_draw_ms"):
        if k not in report["load"]["stages"]: bad.append(f"load.stages.{k} missing")
if "switch" in sys.argv[2:] and "switch" in report:
    for mode in ("preloaded", "cold"):
        for k in ("full_ms", "full_frames", "visible_ms"):
            if k not in report["switch"].get(mode, {}): bad.append(f"switch.{mode}.{k} missing")
if "memory" in sys.argv[2:] and "memory" in report:
    for when in ("visited", "after_switches"):
        for k in ("vm_hwm_mb", "vm_rss_mb", "gpu_panoramas_mb"):
            if k not in report["memory"].get(when, {}): bad.append(f"memory.{when}.{k} missing")
if "xr" in sys.argv[2:] and "xr" in report:
    xr = report["xr"]
    if os.environ.get("XR_RUNTIME_JSON"):
        if "skipped" in xr or "median" not in xr.get("wall_ms", {}): bad.append(f"xr not measured: {xr}")
    elif "skipped" not in xr: bad.append("xr: no runtime, yet not skipped")
if "decode-floor" in sys.argv[2:] and "load" in sys.argv[2:]:
    if "load_cold_full" not in report["decode-floor"].get("ratio_to_floor", {}): bad.append("no load/decode-floor ratio")
for b in bad: print(b)
sys.exit(1 if bad else 0)
PY
}

# 1. A panorama image, every section, JSON.
"$vrex" bench "$out/pano.jpg" "${small[@]}" --json >"$out/image.json" 2>"$out/image.err"
rc=$?
[ "$rc" -eq 0 ] || fail "bench on an image exited $rc: $(tail -5 "$out/image.err")"
check_json "$out/image.json" load frame switch memory xr decode-floor || fail "bench on an image: see above"
grep -q '"tour": "generated"' "$out/image.json" || fail "the switch on an image did not use the generated tour"

# 2. A tour: its own link for switch; a table on the terminal.
"$vrex" bench "$out/tour" "${small[@]}" --only switch,memory --json >"$out/tour.json" 2>"$out/tour.err"
rc=$?
[ "$rc" -eq 0 ] || fail "bench on a tour exited $rc: $(tail -5 "$out/tour.err")"
check_json "$out/tour.json" switch memory || fail "bench on a tour: see above"
grep -q '"tour": "input"' "$out/tour.json" || fail "the switch on a tour did not follow the tour's own link"
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(1 if 'load' in r or 'frame' in r else 0)" \
    "$out/tour.json" || fail "--only switch,memory ran other sections"
"$vrex" bench "$out/pano.jpg" "${small[@]}" --only decode-floor,load >"$out/table.txt" 2>"$out/table.err"
rc=$?
[ "$rc" -eq 0 ] || fail "bench with a table exited $rc: $(tail -5 "$out/table.err")"
for line in "^load" "^decode-floor" "cold.full_ms" "median_ms"; do
    grep -q -- "$line" "$out/table.txt" || fail "the table lacks /$line/: $(head -20 "$out/table.txt")"
done

# 3. Validation on and quiet in every run.
grep -qi "vulkan validation\|validation error" "$out"/*.err && fail "validation messages: $(grep -hi validation "$out"/*.err | head -3)"

# 4. Bad input: a clear message, exit code 1 (2 for usage), never a crash.
expect() {
    local code="$1" pattern="$2"
    shift 2
    "$vrex" bench "$@" >"$out/bad.txt" 2>&1
    local rc=$?
    [ "$rc" -eq "$code" ] || fail "vrex bench $* exited $rc, expected $code: $(tail -3 "$out/bad.txt")"
    grep -Eq -- "$pattern" "$out/bad.txt" || fail "vrex bench $* printed '$(tail -3 "$out/bad.txt")', expected /$pattern/"
    grep -q "Segmentation\|core dumped\|Aborted" "$out/bad.txt" && fail "vrex bench $* crashed"
}
echo "not a picture" >"$out/text.jpg"
head -c 30000 "$out/pano.jpg" >"$out/truncated.jpg"
expect 1 "missing.jpg" "$out/missing.jpg" --only load
expect 1 "text.jpg" "$out/text.jpg" --only load
expect 1 "truncated.jpg" "$out/truncated.jpg" "${small[@]}" --only load
expect 1 "truncated.jpg" "$out/truncated.jpg" "${small[@]}" --only decode-floor
expect 2 "only" "$out/pano.jpg" --only load,nothing
expect 2 "iterations" "$out/pano.jpg" --iterations 0

[ "$failures" -eq 0 ] || exit 1
echo "cli.bench: all checks passed"
