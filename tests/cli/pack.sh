#!/usr/bin/env bash
# End-to-end: `vrex pack` writes the sample tour as one file that `vrex shot` and `vrex lint` open and render exactly
# as the folder; hostile packs are each refused with a message naming the pack and the member, and nothing is
# written outside the pack cache. Usage: pack.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export VREX_PACK_CACHE="$out/cache"

# expect CODE PATTERN -- ARGS...: runs vrex, checks the exit code and that stderr+stdout match PATTERN.
expect() {
    local code="$1" pattern="$2"
    shift 3
    local log="$out/log.txt"
    "$vrex" "$@" >"$log" 2>&1
    local rc=$?
    cat "$log" >>"$out/all-runs.txt"
    [ "$rc" -eq "$code" ] || fail "vrex $* exited $rc, expected $code: $(cat "$log")"
    [ -z "$pattern" ] || grep -Eq -- "$pattern" "$log" || fail "vrex $* printed '$(cat "$log")', expected /$pattern/"
    if grep -q "Segmentation\|core dumped\|Aborted" "$log"; then fail "vrex $* crashed"; fi
}

# 1. Packing: every referenced file (the model's buffer and texture, the gallery), atomically, reproducibly.
museum="$src/scenes/museum"
expect 0 "wrote .*museum.vrex: 11 files" -- pack "$museum" -o "$out/museum.vrex"
python3 - "$out/museum.vrex" <<'PY' || fail "the pack does not hold what the tour references"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
m = json.loads(z.read("vrex-pack.json"))
names = sorted(x["name"] for x in m["members"])
assert m["format"] == "vrex-pack" and m["version"] == 1 and m["tour"] == "tour.yaml", m
assert names == sorted(["tour.yaml", "panos/whale-left.jpg", "panos/whale-right.jpg", "panos/dolphins.jpg",
                        "panos/walrus.jpg", "media/blue-whale.jpg", "media/walruses.jpg", "media/dolphins.jpg",
                        "models/milk-truck/CesiumMilkTruck.gltf", "models/milk-truck/CesiumMilkTruck0.bin",
                        "models/milk-truck/CesiumMilkTruck.png"]), names
assert sorted(z.namelist()) == sorted(names + ["vrex-pack.json"]), z.namelist()
PY
expect 1 "museum.vrex: already there \(--force replaces it\)" -- pack "$museum" -o "$out/museum.vrex"
cp "$out/museum.vrex" "$out/first.vrex"
expect 0 "wrote" -- pack "$museum" -o "$out/museum.vrex" --force
cmp -s "$out/museum.vrex" "$out/first.vrex" || fail "packing the same tour twice gave different bytes"
ls -a "$out" | grep -q '^\.museum\.vrex\.' && fail "a temporary file was left next to the pack"
mkdir -p "$out/broken"
printf 'tour: {title: Broken}\nscenes:\n  - id: a\n    panorama: missing.jpg\n' >"$out/broken/tour.yaml"
expect 1 "tour.yaml:4:[0-9]+: .*missing.jpg" -- pack "$out/broken" -o "$out/broken.vrex"
grep -q "has errors (see above); nothing written" "$out/log.txt" || fail "no 'has errors' line: $(cat "$out/log.txt")"
[ -e "$out/broken.vrex" ] && fail "a pack was written for a tour with errors"

# 2. The round trip: the pack renders the same contact sheet as the folder, byte for byte.
shot=(--size 320x180)
expect 0 "" -- shot "$museum" --all "${shot[@]}" -o "$out/folder_all"
expect 0 "museum.vrex: 11 files, sha256 [0-9a-f]{12}…, verified and extracted to" -- \
    shot "$out/museum.vrex" --all "${shot[@]}" -o "$out/pack_all"
for s in whale-left whale-right dolphins walrus; do
    [ -s "$out/folder_all/$s.png" ] || fail "no $s.png from the folder"
    cmp -s "$out/folder_all/$s.png" "$out/pack_all/$s.png" || fail "$s.png differs between the folder and the pack"
done
# The model and the gallery come from the pack too (their panels open).
expect 0 "" -- shot "$museum" --scene dolphins --open truck "${shot[@]}" -o "$out/folder_truck.png"
expect 0 "verified before, opened from" -- shot "$out/museum.vrex" --scene dolphins --open truck "${shot[@]}" \
    -o "$out/pack_truck.png"
cmp -s "$out/folder_truck.png" "$out/pack_truck.png" || fail "the model's panel differs between the folder and the pack"
expect 0 "" -- shot "$museum" --scene walrus --open photos "${shot[@]}" -o "$out/folder_photos.png"
expect 0 "" -- shot "$out/museum.vrex" --scene walrus --open photos "${shot[@]}" -o "$out/pack_photos.png"
cmp -s "$out/folder_photos.png" "$out/pack_photos.png" || fail "the gallery differs between the folder and the pack"
expect 0 "" -- lint "$out/museum.vrex"
[ "$(find "$out/cache" -mindepth 1 -maxdepth 1 | wc -l)" -eq 1 ] || fail "the cache should hold one pack folder"

# 3. A member altered after packing (its zip CRC made to match): refused by the manifest's SHA-256.
mkdir -p "$out/hostile"
python3 "$src/tests/cli/pack_hostile.py" "$out/hostile" "$out/museum.vrex" >"$out/altered.txt" || fail "pack_hostile.py"
member="$(cat "$out/altered.txt")"
expect 1 "altered.vrex: member \"$member\": its SHA-256 does not match the manifest's" -- \
    shot "$out/hostile/altered.vrex" "${shot[@]}" -o "$out/altered.png"
[ -e "$out/altered.png" ] && fail "an altered pack was rendered"

# 4. Hostile packs, each refused with its reason; a cache of their own stays empty.
export VREX_PACK_CACHE="$out/cache-hostile"
mkdir -p "$out/cwd" && cd "$out/cwd" || exit 1
h="$out/hostile"
expect 1 "dotdot.vrex: member \"../evil.txt\": has a '..' component" -- lint "$h/dotdot.vrex"
expect 1 "absolute.vrex: member \"/tmp/vrex-pack-evil.txt\": is an absolute path" -- lint "$h/absolute.vrex"
expect 1 "backslash.vrex: member \"..\\\\evil.txt\": has a backslash" -- lint "$h/backslash.vrex"
expect 1 "symlink.vrex: member \"link.png\": is a symbolic link" -- lint "$h/symlink.vrex"
# libzip refuses a name twice in the central directory itself, before vrex sees the entries.
expect 1 "duplicate.vrex: not a vrex pack \(cannot be read as a zip: File already exists\)" -- lint "$h/duplicate.vrex"
expect 1 "no-manifest.vrex: not a vrex pack \(no vrex-pack.json in it\)" -- lint "$h/no-manifest.vrex"
expect 1 "unlisted.vrex: member \"extra.bin\": is not in vrex-pack.json" -- lint "$h/unlisted.vrex"
expect 1 "missing-member.vrex: member \"gone.png\": is in vrex-pack.json but not in the pack" -- \
    lint "$h/missing-member.vrex"
expect 1 "manifest-size-lies.vrex: member \"p.png\": the zip says [0-9]+ bytes, the manifest [0-9]+" -- \
    lint "$h/manifest-size-lies.vrex"
expect 1 "zip-size-lies.vrex: member \"notes.txt\": (holds 600 bytes, not the 604|cannot be read)" -- \
    lint "$h/zip-size-lies.vrex"
expect 1 "bomb.vrex: member \"zeros.bin\": would expand [0-9]+ bytes to 67108864, more than 200 times" -- \
    lint "$h/bomb.vrex"
expect 1 "huge-claim.vrex: member \"big.bin\": would expand" -- lint "$h/huge-claim.vrex"
expect 1 "checksum.vrex: member \"p.png\": its SHA-256 does not match" -- lint "$h/checksum.vrex"
expect 1 "bad-version.vrex: vrex-pack.json: \"version\" is not 1" -- lint "$h/bad-version.vrex"
expect 1 "not-a-zip.vrex: not a vrex pack \(cannot be read as a zip" -- lint "$h/not-a-zip.vrex"
expect 1 "nothing.vrex: not a file" -- lint "$h/nothing.vrex"
[ -e "$out/evil.txt" ] || [ -e "$out/hostile/evil.txt" ] || [ -e /tmp/vrex-pack-evil.txt ] &&
    fail "a hostile member was written outside the cache"
[ -z "$(ls -A "$out/cwd")" ] || fail "something was written into the working folder: $(ls -A "$out/cwd")"
[ -z "$(ls -A "$out/cache-hostile" 2>/dev/null)" ] ||
    fail "refused packs left files in the cache: $(ls -A "$out/cache-hostile")"
# The good one of the same set opens (the refusals above are the hostile parts, not the set's form).
expect 0 "good.vrex: 2 files, sha256 .*verified and extracted" -- lint "$h/good.vrex"

[ "$failures" -eq 0 ] && echo "pack: all checks passed"
exit $((failures > 0))
