# Shared by tools/run and tools/test: install missing packages, configure and build.
# shellcheck shell=bash
set -euo pipefail
VREX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VREX_BUILD="${VREX_BUILD:-$VREX_ROOT/build}"

vrex_packages() { grep -v -e '^#' -e '^[[:space:]]*$' "$VREX_ROOT/tools/packages.txt"; }

# Installs the packages of tools/packages.txt that are missing; silent and fast when all are there.
vrex_install() {
    local missing=()
    local pkg
    for pkg in $(vrex_packages); do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "vrex: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (Release, Ninja, plus $VREX_CMAKE_ARGS) and builds into $VREX_BUILD: everything, or the targets named in
# $VREX_BUILD_TARGETS. Quiet unless something fails (then the log is shown).
vrex_build() {
    mkdir -p "$VREX_BUILD"
    local log="$VREX_BUILD/build.log"
    : >"$log"
    if [ ! -f "$VREX_BUILD/build.ninja" ]; then
        echo "vrex: configuring and building (the first build takes a few minutes; log: $log)"
        # shellcheck disable=SC2086 # VREX_CMAKE_ARGS: extra options, word-split on purpose (tools/test --sanitize)
        cmake -S "$VREX_ROOT" -B "$VREX_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release ${VREX_CMAKE_ARGS:-} >>"$log" 2>&1 || {
            cat "$log"
            return 1
        }
    fi
    # shellcheck disable=SC2086 # VREX_BUILD_TARGETS: target names, word-split on purpose (tools/fuzz); empty: all
    cmake --build "$VREX_BUILD" --parallel "$(nproc)" ${VREX_BUILD_TARGETS:+--target $VREX_BUILD_TARGETS} >>"$log" 2>&1 || {
        grep -E "error|FAILED" "$log" | head -40
        echo "vrex: the build failed; full log: $log"
        return 1
    }
}
