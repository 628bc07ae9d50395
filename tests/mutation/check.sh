#!/usr/bin/env bash
# The mutation check of one breakage: check.sh MUTATION BUILD_DIR
# Runs every line of mutations.txt for MUTATION with VREX_MUTATION=MUTATION and passes only when each named test
# fails, and the breakage announced itself in that run (so the failure is the breakage's, not a typo's or a crash
# before the code under test ran). Outputs in BUILD_DIR/mutation-out/MUTATION/.
set -uo pipefail
mutation="$1"
build="$2"
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
out="$build/mutation-out/$mutation"
rm -rf "$out" && mkdir -p "$out"
export VREX_MUTATION="$mutation" VREX_GOLDEN_OUT="$out/golden"
failures=0
checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# gtest PROGRAM FILTER: every test the filter selects fails.
gtest() {
    local program="$build/tests/$1" filter="$2" log="$out/$1.$checked.log"
    [ -x "$program" ] || program="$build/tests/xrsim/$1"
    "$program" --gtest_filter="$filter" >"$log" 2>&1
    local ran failed
    ran=$(grep -c '^\[ RUN      \]' "$log")
    failed=$(grep -c '^\[  FAILED  \] .* ([0-9]* ms)$' "$log")
    [ "$ran" -gt 0 ] || { fail "$1 $filter ran no test"; return; }
    grep -q "vrex: mutation $mutation is on" "$log" || fail "$1 $filter: the mutation never ran (see $log)"
    [ "$failed" -eq "$ran" ] || fail "$1 $filter: $((ran - failed)) of $ran test(s) still pass: $(
        grep '^\[       OK \]' "$log" | sed 's/^\[       OK \] //' | tr '\n' ' ')"
    echo "$1 $filter: $failed of $ran failed"
}

# cli SCRIPT: the end-to-end script fails.
cli() {
    local dir="$out/cli-$1"
    bash "$src/tests/cli/$1.sh" "$build/vrex" "$dir" >"$out/cli-$1.log" 2>&1
    local rc=$?
    grep -rqs "vrex: mutation $mutation is on" "$dir" "$out/cli-$1.log" || fail "cli.$1: the mutation never ran"
    [ "$rc" -ne 0 ] || fail "cli.$1 still passes"
    echo "cli.$1: exit $rc, $(grep -c '^FAIL' "$out/cli-$1.log") check(s) failed: $(grep -m3 '^FAIL' "$out/cli-$1.log" | tr '\n' ' ')"
}

while read -r name where tests; do
    [ "$name" = "$mutation" ] || continue
    checked=$((checked + 1))
    if [ "$where" = cli ]; then cli "$tests"; else gtest "$where" "$tests"; fi
done < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/mutations.txt")
[ "$checked" -gt 0 ] || fail "mutations.txt names no test for $mutation"
echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
