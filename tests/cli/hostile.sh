#!/usr/bin/env bash
# End-to-end: hostile tours (issue 13) through the real binary. `vrex lint` and `vrex shot` refuse each with a
# message naming the tour file, line and column, exit 1, and never crash or hang (every run is under `timeout`; a
# FIFO opened would block for good). Usage: hostile.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME EXPECTED-RC CMD...: runs under a 60 s timeout, output in $out/NAME.txt; a hang (124), a crash (a signal:
# 128+) or another exit code fails.
run() {
    local name="$1" want="$2"
    shift 2
    timeout 60 "$@" >"$out/$name.txt" 2>&1
    local rc=$?
    [ "$rc" -eq 124 ] && fail "$name: hung (killed after 60 s)"
    [ "$rc" -gt 128 ] && fail "$name: crashed (signal $((rc - 128))): $(tail -5 "$out/$name.txt")"
    [ "$rc" -eq "$want" ] || fail "$name: exited $rc, expected $want: $(tail -5 "$out/$name.txt")"
}
# expect NAME REGEX: the output of run NAME matches.
expect() { grep -qE "$2" "$out/$1.txt" || fail "$1: no line matching '$2' in: $(cat "$out/$1.txt")"; }

# A tour whose panorama is $2 (written as given), in a folder of its own: $out/$1/tour.yaml.
tour_with() {
    mkdir -p "$out/$1"
    printf 'tour: {title: Hostile}\nscenes:\n  - {id: a, panorama: %s}\n' "$2" >"$out/$1/tour.yaml"
}
# lint, shot and view of $out/$1 all exit 1 with `tour.yaml:3:23: error: ` and the message $2.
refused() {
    run "$1-lint" 1 "$vrex" lint "$out/$1/tour.yaml"
    expect "$1-lint" "tour.yaml:3:23: error: .*$2"
    run "$1-shot" 1 "$vrex" shot "$out/$1/tour.yaml" --size 64x32 -o "$out/$1.png"
    expect "$1-shot" "tour.yaml:3:23: error: .*$2"
    [ -e "$out/$1.png" ] && fail "$1: shot wrote a picture"
    # The window viewer opens tours leniently (a missing file is a placeholder), but not these: it refuses before it
    # opens a window (none here: without the refusal it would fail for want of a display, or block on the FIFO).
    run "$1-view" 1 env -u DISPLAY -u WAYLAND_DISPLAY "$vrex" view --desktop "$out/$1/tour.yaml"
    expect "$1-view" "tour.yaml:3:23: error: .*$2"
}

mkdir -p "$out/outside"
cp "$src/tests/data/grid_512x256.jpg" "$out/outside/secret.jpg"

# Paths out of the folder, as written and through links: a file, a folder, a linked parent folder.
tour_with dotdot ../outside/secret.jpg
refused dotdot "path \`../outside/secret.jpg\` leaves the tour's folder"
tour_with absolute "$out/outside/secret.jpg"
refused absolute "absolute path"
tour_with url "file:///etc/passwd"
refused url "URLs are not files"
tour_with file-link panos/hall.jpg
mkdir -p "$out/file-link/panos" && ln -s "$out/outside/secret.jpg" "$out/file-link/panos/hall.jpg"
refused file-link "\`panos/hall.jpg\` is a link to a file outside the tour's folder"
tour_with folder-link panos/secret.jpg
ln -s "$out/outside" "$out/folder-link/panos"
refused folder-link "\`panos/secret.jpg\` is a link to a file outside the tour's folder"
tour_with parent-link media/deep/secret.jpg
mkdir -p "$out/tree/deep" && cp "$src/tests/data/grid_512x256.jpg" "$out/tree/deep/secret.jpg"
ln -s "$out/tree" "$out/parent-link/media"
refused parent-link "\`media/deep/secret.jpg\` is a link to a file outside the tour's folder"

# A web viewer's tile layout whose coarsest tile is a link out of the folder.
mkdir -p "$out/tile-link/h/1"
for f in r b l u d; do cp "$src/tests/data/grid_512x256.jpg" "$out/tile-link/h/1/${f}0_0.jpg"; done
ln -s "$out/outside/secret.jpg" "$out/tile-link/h/1/f0_0.jpg"
printf 'tour: {title: x}\nscenes:\n  - {id: a, panorama: {tiles: {layout: pannellum, path: "h/%%l/%%s%%y_%%x", extension: jpg, tile_size: 512, face_size: 512, levels: 1}}}\n' \
    >"$out/tile-link/tour.yaml"
run tile-link-lint 1 "$vrex" lint "$out/tile-link/tour.yaml"
expect tile-link-lint "tour.yaml:3:31: error: h/1/f0_0.jpg is a link to a file outside the tour's folder"

# A FIFO and a folder named like a panorama; the tour file itself a FIFO.
tour_with fifo panos/hall.jpg
mkdir -p "$out/fifo/panos" && mkfifo "$out/fifo/panos/hall.jpg"
refused fifo "\`panos/hall.jpg\` is not a file \(a FIFO, socket or device; vrex does not open it\)"
tour_with folder panos/hall.jpg
mkdir -p "$out/folder/panos/hall.jpg"
refused folder "\`panos/hall.jpg\` is not a file \(a folder\)"
mkdir -p "$out/fifo-tour" && mkfifo "$out/fifo-tour/tour.yaml"
run fifo-tour-lint 1 "$vrex" lint "$out/fifo-tour"
expect fifo-tour-lint "tour.yaml: error: cannot read .*: not a plain file \(a FIFO, socket or device\)"

# A 33-byte PNG claiming 100000 x 100000 pixels: lint names it at its line; shot refuses it before any allocation.
tour_with giant-png panos/giant.png
mkdir -p "$out/giant-png/panos"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x06\x00\x00\x00\x00\x00\x00\x00' \
    >"$out/giant-png/panos/giant.png"
run giant-png-lint 1 "$vrex" lint "$out/giant-png/tour.yaml"
expect giant-png-lint "tour.yaml:3:23: error: cannot read \`panos/giant.png\` as an image: image is 100000x100000, larger than vrex accepts"
run giant-png-shot 1 "$vrex" shot "$out/giant-png/tour.yaml" --size 64x32 -o "$out/giant-png.png"
expect giant-png-shot "tour.yaml:3:23: error: cannot read \`panos/giant.png\` as an image: image is 100000x100000"

# A 4 GB file named like an image (sparse: a JPEG's first bytes, then nothing): refused by its size, unread.
tour_with huge panos/huge.jpg
mkdir -p "$out/huge/panos" && cp "$src/tests/data/grid_512x256.jpg" "$out/huge/panos/huge.jpg"
truncate -s 4G "$out/huge/panos/huge.jpg"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "peak %M KiB") # Debian's `time`; without it the peak is not measured
run huge-lint 1 "${timer[@]}" "$vrex" lint "$out/huge/tour.yaml"
expect huge-lint "tour.yaml:3:23: error: cannot read \`panos/huge.jpg\` as an image: the file is 4096 MiB, larger than vrex reads \(1024 MiB\)"
peak=$(sed -n 's/^peak \([0-9]*\) KiB$/\1/p' "$out/huge-lint.txt")
echo "lint of the 4 GB file: peak resident ${peak:-?} KiB"
[ -z "$peak" ] && [ ${#timer[@]} -gt 0 ] && fail "lint of the 4 GB file: no peak from /usr/bin/time"
[ -n "$peak" ] && [ "$peak" -ge 300000 ] && fail "lint of the 4 GB file: peak resident $peak KiB (read it?)"
run huge-shot 1 "$vrex" shot "$out/huge/tour.yaml" --size 64x32 -o "$out/huge.png"
expect huge-shot "tour.yaml:3:23: error: .*the file is 4096 MiB"

# YAML: a billion laughs and 100000 open brackets fail fast, with the file and a line.
mkdir -p "$out/bomb"
python3 - "$out/bomb/tour.yaml" <<'PY'
import sys
s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for i in range(1, 10):
    s += "a%d: &a%d [%s]\n" % (i, i, ", ".join("*a%d" % (i - 1) for _ in range(10)))
open(sys.argv[1], "w").write(s + "tour: {title: x, languages: *a9}\nscenes: *a9\n")
PY
run bomb-lint 1 "$vrex" lint "$out/bomb/tour.yaml"
# Ten scenes and ten languages, each a list where a scene or a language code belongs: an error each, unexpanded.
expect bomb-lint "tour.yaml:9:5: error: expected a scene \(a map with \`id\` and \`panorama\`\), found a list \(scenes\[9\]\)"
expect bomb-lint "^30 errors, 0 warnings$"
mkdir -p "$out/deep"
{ printf 'tour: '; head -c 100000 /dev/zero | tr '\0' '['; } >"$out/deep/tour.yaml"
run deep-lint 1 "$vrex" lint "$out/deep/tour.yaml"
expect deep-lint "tour.yaml:1:[0-9]+: error: the file nests too deeply"
run deep-shot 1 "$vrex" shot "$out/deep/tour.yaml" -o "$out/deep.png"
expect deep-shot "tour.yaml:1:[0-9]+: error: the file nests too deeply"

# A model exhibit whose glTF names a buffer out of its folder, or claims a billion triangles: refused at its line.
mkdir -p "$out/models/m"
cp "$src/tests/data/grid_512x256.jpg" "$out/models/hall.jpg"
cat >"$out/models/tour.yaml" <<'YAML'
tour: {title: Models}
scenes:
  - id: hall
    panorama: hall.jpg
    hotspots:
      - {kind: model, at: {yaw: 0, pitch: 0}, exhibit: passwd}
      - {kind: model, at: {yaw: 40, pitch: 0}, exhibit: giant}
exhibits:
  - {id: passwd, title: P, model: m/passwd.gltf}
  - {id: giant, title: G, model: m/giant.gltf}
YAML
gltf() { # $1: the buffer's uri, $2: the accessor's count
    printf '{"asset": {"version": "2.0"}, "buffers": [{"uri": "%s", "byteLength": 36}],
  "bufferViews": [{"buffer": 0, "byteLength": 36}],
  "accessors": [{"bufferView": 0, "componentType": 5126, "count": %s, "type": "VEC3"}],
  "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}], "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}]}\n' "$1" "$2"
}
gltf ../../../../../../../../etc/passwd 3 >"$out/models/m/passwd.gltf"
head -c 36 /dev/zero >"$out/models/m/tri.bin"
gltf tri.bin 1000000000 >"$out/models/m/giant.gltf"
run models-lint 1 "$vrex" lint "$out/models/tour.yaml"
expect models-lint "tour.yaml:9:35: error: .*passwd.gltf: .*/etc/passwd is outside the model's folder; not read"
expect models-lint "tour.yaml:10:34: error: .*giant.gltf: .*more than the limit"

# Nothing from a tour is executed: vrex itself calls no function that starts a program (the libraries it loads do
# what they do, but no tour value reaches them as a command).
spawn=$(nm -D --undefined-only "$vrex" | grep -wE 'system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|posix_spawn|posix_spawnp|fork|vfork')
[ -z "$spawn" ] || fail "vrex imports functions that start programs: $spawn"
# A hotspot of a kind that would open a URL is no hotspot vrex has.
mkdir -p "$out/url-hotspot" && cp "$src/tests/data/grid_512x256.jpg" "$out/url-hotspot/hall.jpg"
printf 'tour: {title: x}\nscenes:\n  - id: a\n    panorama: hall.jpg\n    hotspots: [{kind: url, at: {yaw: 0, pitch: 0}, url: "https://example.com"}]\n' \
    >"$out/url-hotspot/tour.yaml"
run url-hotspot-lint 1 "$vrex" lint "$out/url-hotspot/tour.yaml"
expect url-hotspot-lint "tour.yaml:5:[0-9]+: error: .*url"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "hostile tours: all refused"
