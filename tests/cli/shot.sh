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
    [ "$rc" -eq "$code" ] || fail "vrex $* exited $rc, expected $code: $(cat "$log")"
    grep -Eq -- "$pattern" "$log" || fail "vrex $* printed '$(cat "$log")', expected /$pattern/"
    if grep -q "Segmentation\|core dumped\|Aborted" "$log"; then fail "vrex $* crashed"; fi
}

# A good shot, with timings for every stage.
expect 0 "cube conversion +[0-9.]+ ms" -- shot "$src/scenes/museum/panos/whale-left.jpg" --yaw 30 --size 320x200 -o "$out/ok.png" --timings
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

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
