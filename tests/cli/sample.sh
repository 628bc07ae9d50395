#!/usr/bin/env bash
# The sample tours (scenes/changbai, scenes/pingwang) and their generator (tools/roomgen). Usage: sample.sh VREX OUTDIR
# Needs the vrex_sample target built (part of ALL): the tours' built/ folders.
set -uo pipefail
vrex="$1"
out="$2"
roomgen="$(dirname "$vrex")/vrex_roomgen"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Both tours lint clean: no error and no warning, so every scene is reachable from the start and every text has
# both zh and en (the lint warns about either).
for t in changbai pingwang; do
    msg=$("$vrex" lint "$src/scenes/$t" 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] && [ -z "$msg" ] || fail "vrex lint scenes/$t (exit $rc): $msg"
done

# ... and the lint does see those two faults: a copy of pingwang with a text missing its en and no link to xinxianghui.
cp -r "$src/scenes/pingwang" "$out/pingwang"
python3 - "$out/pingwang/tour.yaml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("title: {zh: 新时代基层治理中心, en: New-era grassroots governance centre}", "title: {zh: 新时代基层治理中心}")
s = re.sub(r"\n      - \{id: to-xinxianghui, kind: link,[^\n]*\n[^\n]*\}\}", "", s)
open(p, "w", encoding="utf-8").write(s)
PY
"$vrex" lint "$out/pingwang" >"$out/lint-broken.txt" 2>&1
grep -q "cannot be reached by links from the start scene" "$out/lint-broken.txt" || fail "no unreachable-scene warning: $(cat "$out/lint-broken.txt")"
grep -q 'no `en` text' "$out/lint-broken.txt" || fail "no missing-language warning: $(cat "$out/lint-broken.txt")"

# Hotspots sit on their rooms' markers, and links go both ways.
python3 "$src/tests/cli/sample_check.py" "$roomgen" "$src" "$out/markers" || fail "sample_check.py"

# The generator is deterministic: the same description gives the same bytes, file for file.
for d in changbai/rooms/service-hall changbai/rooms/trophy changbai/rooms/calendar pingwang/rooms/xingfuli; do
    "$roomgen" "$src/scenes/$d.yaml" "$out/gen-a" && "$roomgen" "$src/scenes/$d.yaml" "$out/gen-b" ||
        fail "vrex_roomgen $d.yaml failed"
done
diff -r "$out/gen-a" "$out/gen-b" >/dev/null || fail "two runs of vrex_roomgen differ: $(diff -rq "$out/gen-a" "$out/gen-b")"
[ "$(ls "$out/gen-a" | wc -l)" -gt 20 ] || fail "vrex_roomgen wrote only $(ls "$out/gen-a" | wc -l) files"

# A bad description: file:line:col and exit 1, nothing written.
printf 'room:\n  size: [10, 3, 10]\n  doors:\n    - {wall: up, along: 1}\n' >"$out/bad.yaml"
"$roomgen" "$out/bad.yaml" "$out/bad" >"$out/bad.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "a bad description exited $rc"
grep -q "bad.yaml:4:.*north, east, south or west" "$out/bad.txt" || fail "no file:line:col error: $(cat "$out/bad.txt")"
[ ! -e "$out/bad/bad.gltf" ] || fail "a bad description wrote a glTF"

[ "$failures" -eq 0 ] && echo "sample: all checks passed"
exit $((failures > 0))
