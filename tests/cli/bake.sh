#!/usr/bin/env bash
# End-to-end: `vrex bake` of glTF scenes written here (tests/cli/bake_scene.py). Usage: bake.sh VREX OUTDIR
#  - cubes of six colours at known yaw/pitch (one straight behind, on the seam; one near each pole): each colour's
#    centroid in the panorama within 0.5 degrees of the math, with and without --yaw; `vrex shot` of the panorama
#    aimed at each cube has it at the centre; --hotspots prints the same angles (hotspot:NAME nodes);
#  - a textured box room: no seam at yaw +-180 or across the poles (differences measured in the panorama and in
#    `vrex shot` views of it); stereo gives a top-bottom pair with the parallax of its IPD;
#  - supersampling: x2 much nearer a x4 reference than x1;
#  - bad input: clear message, exit code 1 or 2, no output file.
set -uo pipefail
vrex="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
lib="$here/bake_scene.py"
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
    cat "$log" >>"$out/all-runs.txt"
    [ "$rc" -eq "$code" ] || fail "vrex $* exited $rc, expected $code: $(cat "$log")"
    [ -z "$pattern" ] || grep -Eq -- "$pattern" "$log" || fail "vrex $* printed '$(cat "$log")', expected /$pattern/"
    if grep -q "Segmentation\|core dumped\|Aborted" "$log"; then fail "vrex $* crashed"; fi
}

python3 "$lib" cubes "$out/cubes.gltf" >"$out/expected.txt" || fail "could not write the cube scene"
python3 "$lib" room "$out/room.gltf" || fail "could not write the room"

# near A B TOLERANCE: |A - B| (degrees, wrapped) within TOLERANCE.
near() { python3 -c "import sys; d=(float(sys.argv[1])-float(sys.argv[2])+180)%360-180; sys.exit(0 if abs(d)<=float(sys.argv[3]) else 1)" "$@"; }

# check_centroids PANO BAKE_YAW: every cube at its analytic yaw (minus the bake's yaw) and pitch, within 0.5 degrees.
check_centroids() {
    python3 "$lib" centroids "$1" >"$1.centroids.txt" || fail "could not measure $1"
    while read -r name yaw pitch; do
        local want_yaw
        want_yaw=$(python3 -c "import sys; print((float(sys.argv[1])-float(sys.argv[2])+180)%360-180)" "$yaw" "$2")
        read -r _ got_yaw got_pitch pixels < <(grep "^$name " "$1.centroids.txt") || true
        if [ -z "${got_yaw:-}" ]; then
            fail "$1: no $name pixels"
            continue
        fi
        # Near a pole yaw means little: compare the directions' angle there instead.
        if python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1]))>80 else 1)" "$pitch"; then
            python3 - "$want_yaw" "$pitch" "$got_yaw" "$got_pitch" <<'PY' || fail "$1: $name at yaw $got_yaw pitch $got_pitch, expected $want_yaw $pitch"
import math, sys
a = [math.radians(float(v)) for v in sys.argv[1:]]
d = lambda y, p: (math.sin(y) * math.cos(p), math.sin(p), -math.cos(y) * math.cos(p))
u, v = d(a[0], a[1]), d(a[2], a[3])
angle = math.degrees(math.acos(max(-1, min(1, sum(x * y for x, y in zip(u, v))))))
sys.exit(0 if angle <= 0.5 else 1)
PY
        else
            near "$got_yaw" "$want_yaw" 0.5 && near "$got_pitch" "$pitch" 0.5 ||
                fail "$1: $name at yaw $got_yaw pitch $got_pitch, expected $want_yaw $pitch"
        fi
        echo "$1: $name yaw $got_yaw pitch $got_pitch (expected $want_yaw $pitch, $pixels pixels)"
        unset got_yaw got_pitch
    done <"$out/expected.txt"
}

# The cubes, baked at 1024 x 512; --hotspots prints each cube's angles.
expect 0 "red yaw=0.00 pitch=0.00" -- bake "$out/cubes.gltf" --at 0,1.6,0 --size 1024 -o "$out/cubes.jpg" --hotspots --timings
cp "$out/log.txt" "$out/hotspots.txt"
[ "$(identify -format '%w %h' "$out/cubes.jpg" 2>/dev/null)" = "1024 512" ] || fail "cubes.jpg is not a 1024x512 image"
check_centroids "$out/cubes.jpg" 0
while read -r name yaw pitch; do
    line=$(grep "^$name yaw=" "$out/hotspots.txt")
    got_yaw=$(sed -E 's/.*yaw=([-0-9.]+).*/\1/' <<<"$line")
    got_pitch=$(sed -E 's/.*pitch=([-0-9.]+).*/\1/' <<<"$line")
    near "${got_yaw:-999}" "$yaw" 0.011 && near "${got_pitch:-999}" "$pitch" 0.011 ||
        fail "--hotspots: '$line', expected $name yaw=$yaw pitch=$pitch"
done <"$out/expected.txt"

# vrex shot of the panorama, aimed where the math puts each cube, shows it at the centre (within 0.5 degrees: 2.5 px
# of a 101-pixel, 20-degree view).
while read -r name yaw pitch; do
    expect 0 "" -- shot "$out/cubes.jpg" --yaw "$yaw" --pitch "$pitch" --hfov 20 --size 101x101 -o "$out/shot-$name.png"
    read -r got dx dy < <(python3 "$lib" centre "$out/shot-$name.png")
    [ "$got" = "$name" ] || fail "shot at $name's yaw $yaw pitch $pitch shows '$got' at its centre"
    python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1]))<=2.5 and abs(float(sys.argv[2]))<=2.5 else 1)" \
        "$dx" "$dy" || fail "shot at $name: its centroid is $dx, $dy px from the centre"
done <"$out/expected.txt"

# --yaw turns the bake: yaw 90 of the model is the panorama's centre; hotspots follow.
expect 0 "green yaw=-36.87 pitch=11.31" -- bake "$out/cubes.gltf" --at 0,1.6,0 --yaw 90 --size 1024 \
    -o "$out/cubes-yaw90.jpg" --hotspots
check_centroids "$out/cubes-yaw90.jpg" 90

# Antialiasing: the default --supersample 2 is much closer to a x4 reference than x1 is (the cubes' edges against the
# sky; seen: mean difference 0.024 vs 0.056, pixels off by more than 8: 673 vs 1515).
for ss in 1 2 4; do
    expect 0 "" -- bake "$out/cubes.gltf" --at 0,1.6,0 --size 1024 --supersample $ss --quality 100 -o "$out/aa-$ss.jpg"
done
python3 "$lib" closer "$out/aa-4.jpg" "$out/aa-2.jpg" "$out/aa-1.jpg" >"$out/aa.txt" ||
    fail "supersampling does not smooth the edges: $(cat "$out/aa.txt")"
echo "antialiasing: $(cat "$out/aa.txt")"

# The room: no seam at yaw +-180 (the seam column's difference like any other column's) nor across the poles.
expect 0 "room.gltf has no nodes named hotspot:NAME" -- bake "$out/room.gltf" --at 0.3,1.5,-0.4 --size 2048 \
    -o "$out/room.jpg" --hotspots
read -r _ seam _ limit _ pole _ rows < <(python3 "$lib" seam "$out/room.jpg")
echo "room.jpg: seam column pair $seam (limit $limit from the other columns), across the poles $pole (rows there $rows)"
python3 -c "import sys; s,l,p,r=map(float,sys.argv[1:]); sys.exit(0 if s<=l and p<=max(2*r,3) else 1)" \
    "$seam" "$limit" "$pole" "$rows" || fail "room.jpg has a seam: $seam (limit $limit), pole $pole (rows $rows)"
# A view across the seam, one straight up and one straight down, through vrex shot: the middle columns (and, at the
# poles, rows) as smooth as the others. (At yaw 180 the middle rows are the checker's edge at eye height.)
for view in "180 0 columns" "0 90 both" "90 -90 both"; do
    read -r yaw pitch which <<<"$view"
    expect 0 "" -- shot "$out/room.jpg" --yaw "$yaw" --pitch "$pitch" --hfov 60 --size 200x200 -o "$out/room-$yaw-$pitch.png"
    python3 "$lib" seam_shot "$out/room-$yaw-$pitch.png" "$which" >"$out/room-$yaw-$pitch.txt" ||
        fail "room shot at $yaw $pitch: $(cat "$out/room-$yaw-$pitch.txt")"
done

# Stereo: a top-bottom pair, left eye on top. With eyes 0.5 m apart the red cube 5 m ahead is seen atan(0.25 / 5) =
# 2.86 degrees to the right by the left eye and as far to the left by the right eye.
expect 0 "" -- bake "$out/cubes.gltf" --at 0,1.6,0 --size 1024 --stereo 0.5 -o "$out/stereo.jpg"
[ "$(identify -format '%w %h' "$out/stereo.jpg" 2>/dev/null)" = "1024 1024" ] || fail "stereo.jpg is not 1024x1024"
convert "$out/stereo.jpg" -crop 1024x512+0+0 +repage "$out/stereo-left.png"
convert "$out/stereo.jpg" -crop 1024x512+0+512 +repage "$out/stereo-right.png"
for eye in "left 2.862" "right -2.862"; do
    read -r name want <<<"$eye"
    read -r _ got_yaw got_pitch _ < <(python3 "$lib" centroids "$out/stereo-$name.png" | grep '^red ')
    near "${got_yaw:-999}" "$want" 0.5 && near "${got_pitch:-999}" 0 0.5 ||
        fail "stereo: the $name eye sees the red cube at yaw ${got_yaw:-none} pitch ${got_pitch:-none}, expected $want 0"
    echo "stereo: $name eye sees red at yaw $got_yaw (expected $want)"
done

# Bad input: a clear message, exit 1 (2 for usage), no output file.
echo "not a model" >"$out/broken.gltf"
expect 1 "broken.gltf" -- bake "$out/broken.gltf" --at 0,0,0 --size 64 -o "$out/x.jpg"
expect 1 "missing.glb: file not found" -- bake "$out/missing.glb" --at 0,0,0 --size 64 -o "$out/x.jpg"
expect 1 "outside the model" -- bake "$out/room.gltf" --at 40,1.5,0 --size 64 -o "$out/x.jpg"
expect 1 "even number" -- bake "$out/room.gltf" --at 0,1.5,0 --size 101 -o "$out/x.jpg"
expect 1 "more than this GPU renders" -- bake "$out/room.gltf" --at 0,1.5,0 --size 65534 -o "$out/x.jpg"
expect 1 "cannot write" -- bake "$out/room.gltf" --at 0,1.5,0 --size 64 -o "$out/no/such/dir/x.jpg"
expect 2 "X,Y,Z" -- bake "$out/room.gltf" --at 0,1.5 --size 64 -o "$out/x.jpg"
[ -e "$out/x.jpg" ] && fail "a failed bake left an output file"
ls "$out"/*.tmp~* >/dev/null 2>&1 && fail "a bake left a temporary file"

[ "$failures" -eq 0 ] && echo "bake: all checks passed"
exit $((failures > 0))
