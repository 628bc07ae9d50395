#!/usr/bin/env bash
# tools/check-skips against a real ctest run: a tiny CMake project with a passing test and a skipping one (exit 77,
# as vrex's GoogleTest main and scripts say a skip). Unlisted, the skip fails; listed with a reason, it passes;
# listed without a reason, it fails. Usage: check_skips_test.sh SOURCE_DIR WORK_DIR
set -uo pipefail
src="$1"
work="$2"
check="$src/tools/check-skips"
rm -rf "$work" && mkdir -p "$work/project"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$work/project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(skips NONE)
enable_testing()
add_test(NAME suite.passes COMMAND true)
add_test(NAME suite.skips COMMAND sh -c "exit 77")
set_tests_properties(suite.skips PROPERTIES SKIP_RETURN_CODE 77)
CMAKE
cmake -S "$work/project" -B "$work/build" >/dev/null || { echo "cmake failed"; exit 1; }
(cd "$work/build" && ctest 2>&1) >"$work/ctest.log"
grep -q "suite.skips (Skipped)" "$work/ctest.log" || fail "ctest did not report the skip: $(cat "$work/ctest.log")"

: >"$work/none.txt"
"$check" "$work/ctest.log" "$work/none.txt" >"$work/none.out" 2>&1 && fail "an unlisted skip passed"
grep -q "suite.skips was skipped and is not in" "$work/none.out" || fail "no clear message: $(cat "$work/none.out")"

echo "suite.skips  needs a headset (example)" >"$work/listed.txt"
"$check" "$work/ctest.log" "$work/listed.txt" >"$work/listed.out" 2>&1 || fail "a listed skip failed: $(cat "$work/listed.out")"

echo "suite.skips" >"$work/bare.txt"
"$check" "$work/ctest.log" "$work/bare.txt" >"$work/bare.out" 2>&1 && fail "a skip listed without a reason passed"

"$check" "$work/ctest.log" "$src/tests/allowed-skips.txt" >/dev/null 2>&1 && fail "the project's list allows suite.skips"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" -eq 0 ]
