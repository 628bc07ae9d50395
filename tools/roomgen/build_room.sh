#!/usr/bin/env bash
# One description of a sample tour to its built files (the vrex_sample target runs it, CMakeLists.txt here):
# vrex_roomgen writes the glTF (or the board PNGs) into OUT_DIR; a room is then baked with `vrex bake` from the eye
# (0, 1.6, 0) into OUT_DIR/NAME.jpg, SIZE pixels wide. STAMP is touched when all went well.
# Usage: build_room.sh VREX_ROOMGEN VREX DESCRIPTION OUT_DIR SIZE STAMP
set -euo pipefail
roomgen="$1" vrex="$2" desc="$3" out="$4" size="$5" stamp="$6"
name="$(basename "$desc" .yaml)"
mkdir -p "$out" "$(dirname "$stamp")"
"$roomgen" "$desc" "$out"
if grep -q '^room:' "$desc"; then
    "$vrex" bake "$out/$name.gltf" --at 0,1.6,0 --size "$size" -o "$out/$name.jpg.tmp"
    mv "$out/$name.jpg.tmp" "$out/$name.jpg"
fi
touch "$stamp"
