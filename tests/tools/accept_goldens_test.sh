#!/usr/bin/env bash
# tools/accept-goldens in a scratch copy of the layout it works on: it lists failed goldens with their numbers, asks
# (refusing without a terminal unless --yes), and takes exactly the golden it is given.
# Usage: accept_goldens_test.sh SOURCE_DIR WORK_DIR
set -uo pipefail
src="$1"
work="$2"
rm -rf "$work" && mkdir -p "$work/tools" "$work/tests/golden" "$work/out"
cp "$src/tools/accept-goldens" "$work/tools/"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export VREX_GOLDEN_OUT="$work/out"
for name in a b; do
    echo "old $name" >"$work/tests/golden/$name.png"
    echo "new $name" >"$work/out/$name.actual.png"
    echo "diff $name" >"$work/out/$name.diff.png"
    echo "$name: 3 failing 16x16 block(s); ..." >"$work/out/$name.txt"
done
run() { "$work/tools/accept-goldens" "$@" </dev/null >"$work/run.out" 2>&1; }

run || fail "listing failed"
grep -q "a: 3 failing 16x16 block(s)" "$work/run.out" && grep -q "b: 3 failing" "$work/run.out" ||
    fail "the list does not show the numbers: $(cat "$work/run.out")"
run a && fail "accepted without a terminal and without --yes"
grep -q "old a" "$work/tests/golden/a.png" || fail "a refusal changed the golden"
run a --yes || fail "--yes failed: $(cat "$work/run.out")"
grep -q "review picture" "$work/run.out" || fail "no review picture named: $(cat "$work/run.out")"
grep -q "new a" "$work/tests/golden/a.png" || fail "a was not accepted"
[ -e "$work/out/a.actual.png" ] && fail "a's review files were left behind"
grep -q "old b" "$work/tests/golden/b.png" || fail "b was accepted along with a"
run ../x --yes && fail "a path was accepted as a name"
run c --yes && fail "a golden that did not fail was accepted"
echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
