#!/usr/bin/env bash
# Panoramas and models that disappear or change while the tour runs (issue 13, item 4): each is a placeholder with one
# message naming the file, or the new content, and the tour goes on; never a crash or a hang. The real `vrex view` under
# Xvfb, Vulkan validation on:
#  A. without --edit: the next scene's panorama, preloaded and never entered, truncated (half a JPEG), then swapped for
#     another picture, then made a folder and a FIFO; a glTF exhibit's .bin removed and put back between two openings;
#     an OBJ exhibit truncated before its first opening, then put back;
#  B. with --edit: the open model's texture removed and put back while it is open (read again, no texture, then the
#     texture again); the panorama on screen swapped for another picture and removed while it is shown;
#  C. `vrex shot`: a truncated panorama (--all) an error naming it (exit 1), a truncated model (--open) its placeholder;
#  D. no room on the GPU for a model's texture (VREX_GPU_FAULT=out_of_memory@bytes:N): the model is drawn with the
#     texture at a lower resolution and a warning, in `vrex shot` and in the window.
# Usage: midtour.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh"
start_xvfb
trap 'kill $XVFB_PID 2>/dev/null; [ -n "${VREX_PID:-}" ] && kill $VREX_PID 2>/dev/null' EXIT
export VREX_VALIDATION=1
W=800
H=500

# room (a grid) holds the truck (glTF, .bin, PNG texture) straight ahead and a link to hall on the left; hall (a
# 2048x1024 photograph, which has a preview) holds the spider (OBJ, .mtl, JPEG textures) straight ahead.
make_tour() { # DIR
    mkdir -p "$1/truck" "$1/spider"
    cp "$src/tests/data/grid_512x256.jpg" "$1/room.jpg"
    cp "$src/scenes/museum/panos/whale-left.jpg" "$1/hall.jpg"
    cp "$src/scenes/museum/models/milk-truck/"* "$1/truck/"
    cp "$src/tests/data/models/spider-obj/"* "$1/spider/"
    cat >"$1/tour.yaml" <<'YAML'
tour: {title: Mid-tour, start: room}
scenes:
  - id: room
    panorama: room.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: truck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: truck}
      - {id: to-hall, kind: link, at: {yaw: -30, pitch: -10}, target: hall}
  - id: hall
    panorama: hall.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: spider, kind: model, at: {yaw: 0, pitch: 0}, exhibit: spider}
exhibits:
  - {id: truck, title: Truck, model: {file: truck/CesiumMilkTruck.gltf, size: 40, turntable: false}}
  - {id: spider, title: Spider, model: {file: spider/spider.obj, size: 40, turntable: false}}
YAML
}
tour="$out/tour"
make_tour "$tour"
read -r link_x link_y < <(pixel_of -30 -10 0 0 90 $W $H)

# The share of a screenshot's centre that is the dark red of a placeholder card (scene or model): 0.35-0.56 with one,
# 0-0.10 without (the grid's own reds).
red_centre() { fraction "$1" 300x150+250+175 'r>0.35 && r-b>0.15 && g<0.45'; }
enter_hall() { # N: hall's Nth entry
    xdotool mousemove "$link_x" "$link_y" click 1
    wait_for_count '"scene_entered".*"scene":"hall"' "$1" 10 || { fail "entry $1: the link did not enter hall"; return 1; }
    wait_for_idle_after '"scene_entered".*"scene":"hall"' 30 || fail "entry $1: hall never finished fading in"
    xdotool mousemove 1270 790
}
back_to_room() { # N: room's Nth entry
    xdotool key BackSpace
    wait_for_count '"scene_entered".*"scene":"room"' "$1" 10 || fail "Backspace did not go back to room"
    wait_for_idle_after '"scene_entered".*"scene":"room"' 30 || fail "room never finished fading in"
}
open_model() { # EXHIBIT N: the Nth model_ready of EXHIBIT; prints its "failed" value
    xdotool mousemove $((W / 2)) $((H / 2)) click 1 mousemove 1270 790
    wait_for_count "\"model_ready\".*\"exhibit\":\"$1\"" "$2" 60 ||
        { fail "opening $1 ($2): no model_ready: $(tail -3 "$VREX_ERR")"; return 1; }
    grep "\"model_ready\".*\"exhibit\":\"$1\"" "$VREX_EVENTS" | sed -n "${2}p" | grep -o '"failed":[a-z]*' | cut -d: -f2
}
close_model() {
    local n
    n=$(grep -c '"model_closed"' "$VREX_EVENTS")
    xdotool key BackSpace
    wait_for_count '"model_closed"' $((n + 1)) 10 || fail "Backspace did not close the model"
}
says() { # REGEX WHAT: the error output says REGEX
    grep -Eq -- "$1" "$VREX_ERR" || fail "$2: no message matching '$1': $(tail -3 "$VREX_ERR")"
}

# A. Without --edit.
VREX_LOG=info start_vrex plain "$tour/tour.yaml" --size ${W}x$H || exit 1
wait_for_event_err() { for _ in $(seq 300); do grep -q "$1" "$VREX_ERR" && return 0; sleep 0.1; done; return 1; }
wait_for_event_err "scene 'hall': preloaded" || fail "hall was never preloaded (the case of an old decode held)"
cp "$tour/hall.jpg" "$out/hall-good.jpg"
head -c 100000 "$out/hall-good.jpg" >"$tour/hall.jpg" # half a JPEG, in place, after the preload read it whole
enter_hall 1 && screenshot "$out/a-hall-truncated.png"
says "hall.jpg: corrupt or truncated JPEG" "truncated panorama"
red=$(red_centre "$out/a-hall-truncated.png")
check "$red > 0.2" "no placeholder for the truncated panorama ($red)"
back_to_room 2
cp "$src/scenes/museum/panos/walrus.jpg" "$tour/hall.jpg.new" && mv "$tour/hall.jpg.new" "$tour/hall.jpg"
enter_hall 2 && screenshot "$out/a-hall-swapped.png"
red=$(red_centre "$out/a-hall-swapped.png")
check "$red < 0.15" "the placeholder stayed after the panorama was swapped for a whole one ($red)"
back_to_room 3
rm "$tour/hall.jpg" && mkdir "$tour/hall.jpg"
enter_hall 3 && screenshot "$out/a-hall-folder.png"
says "hall.jpg: is a directory" "panorama made a folder"
check "$(red_centre "$out/a-hall-folder.png") > 0.2" "no placeholder for the panorama made a folder"
back_to_room 4
rmdir "$tour/hall.jpg" && mkfifo "$tour/hall.jpg"
enter_hall 4 && screenshot "$out/a-hall-fifo.png"
says "hall.jpg: not a plain file" "panorama made a FIFO"
check "$(red_centre "$out/a-hall-fifo.png") > 0.2" "no placeholder for the panorama made a FIFO"
back_to_room 5
rm "$tour/hall.jpg" && cp "$out/hall-good.jpg" "$tour/hall.jpg"

# The truck: loaded, then its .bin gone between two openings (placeholder, the file named), then back.
f=$(open_model truck 1) && screenshot "$out/a-truck-1.png"
[ "$f" = false ] || fail "the truck did not load the first time ($f)"
close_model
mv "$tour/truck/CesiumMilkTruck0.bin" "$out/truck.bin"
f=$(open_model truck 2) && screenshot "$out/a-truck-gone.png"
[ "$f" = true ] || fail "the truck without its .bin did not fail ($f)"
says "exhibit 'truck': .*CesiumMilkTruck0.bin was removed since the model was read" "the .bin removed"
check "$(red_centre "$out/a-truck-gone.png") > 0.2" "no placeholder for the truck without its .bin"
close_model
mv "$out/truck.bin" "$tour/truck/CesiumMilkTruck0.bin" && touch "$tour/truck/CesiumMilkTruck0.bin"
f=$(open_model truck 3) && screenshot "$out/a-truck-back.png"
[ "$f" = false ] || fail "the truck did not load again once its .bin came back ($f)"
d=$(mean_difference "$out/a-truck-1.png" "$out/a-truck-back.png")
check "$d < 0.02" "the truck put back does not look as before (mean difference $d)"
close_model

# The spider: its OBJ truncated before its first opening (placeholder, the file named), then put back.
enter_hall 5
cp "$tour/spider/spider.obj" "$out/spider.obj"
head -c 50000 "$out/spider.obj" | head -n -1 >"$tour/spider/spider.obj"
echo "f 1 2 99999" >>"$tour/spider/spider.obj" # cut mid-file: a face naming a vertex the file no longer has
f=$(open_model spider 1) && screenshot "$out/a-spider-truncated.png"
[ "$f" = true ] || fail "the truncated OBJ did not fail ($f)"
says "spider.obj" "the truncated OBJ"
check "$(red_centre "$out/a-spider-truncated.png") > 0.2" "no placeholder for the truncated OBJ"
close_model
cp "$out/spider.obj" "$tour/spider/spider.obj"
f=$(open_model spider 2) && screenshot "$out/a-spider-back.png"
[ "$f" = false ] || fail "the OBJ put back did not load ($f)"
says "exhibit 'spider': .*spider.obj changed since the model was read" "the OBJ changed"
close_model
back_to_room 6
stop_vrex

# B. With --edit: the open model and the panorama on screen change under the curator's eyes.
make_tour "$out/edit"
tour="$out/edit"
start_vrex edit "$tour/tour.yaml" --size ${W}x$H --edit || exit 1
f=$(open_model truck 1) && screenshot "$out/b-truck.png"
[ "$f" = false ] || fail "edit: the truck did not load ($f)"
mv "$tour/truck/CesiumMilkTruck.png" "$out/truck.png"
wait_for_count '"model_ready".*"exhibit":"truck"' 2 60 ||
    fail "edit: the truck was not read again when its texture went: $(tail -3 "$VREX_ERR")"
says "exhibit 'truck': .*CesiumMilkTruck.png was removed since the model was read" "edit: the texture removed"
says "CesiumMilkTruck.png not found" "edit: the texture removed"
screenshot "$out/b-truck-untextured.png"
d=$(mean_difference "$out/b-truck.png" "$out/b-truck-untextured.png")
check "$d > 0.002" "edit: the truck looks the same without its texture (mean difference $d)"
mv "$out/truck.png" "$tour/truck/CesiumMilkTruck.png" && touch "$tour/truck/CesiumMilkTruck.png"
wait_for_count '"model_ready".*"exhibit":"truck"' 3 60 || fail "edit: the truck was not read again when its texture came back"
close_model
enter_hall 1 && screenshot "$out/b-hall.png"
n=$(idle_count)
cp "$src/scenes/museum/panos/dolphins.jpg" "$tour/hall.jpg.new" && mv "$tour/hall.jpg.new" "$tour/hall.jpg"
wait_for_event_err "scene 'hall': .*hall.jpg changed on disk since it was read" ||
    fail "edit: the panorama on screen was not read again when it changed"
wait_for_idle "$n" . 30 && screenshot "$out/b-hall-swapped.png"
d=$(mean_difference "$out/b-hall.png" "$out/b-hall-swapped.png")
check "$d > 0.02" "edit: the swapped panorama is not shown (mean difference $d)"
n=$(idle_count)
rm "$tour/hall.jpg"
for _ in $(seq 100); do [ "$(grep -c "hall.jpg changed on disk" "$VREX_ERR")" -ge 2 ] && break; sleep 0.1; done
wait_for_idle "$n" . 30 && screenshot "$out/b-hall-gone.png"
says "cannot open .*hall.jpg" "edit: the panorama removed while shown"
check "$(red_centre "$out/b-hall-gone.png") > 0.2" "edit: no placeholder for the panorama removed while shown"
back_to_room 2
stop_vrex

# C. vrex shot: a truncated panorama in --all is an error naming the file (exit 1: a picture of a broken scene is not
#    made), a truncated model with --open the placeholder (exit 0).
make_tour "$out/shot"
head -c 100000 "$src/scenes/museum/panos/whale-left.jpg" >"$out/shot/hall.jpg"
timeout 120 "$vrex" shot "$out/shot" --all -o "$out/shot-all" --size 400x250 >"$out/shot-all.out" 2>"$out/shot-all.err"
rc=$?
[ "$rc" -eq 1 ] || fail "shot --all with a truncated panorama: exit $rc, expected 1: $(tail -3 "$out/shot-all.err")"
grep -q "hall.jpg: corrupt or truncated JPEG" "$out/shot-all.err" || fail "shot --all: the truncated panorama not named"
head -c 5000 "$src/scenes/museum/models/milk-truck/CesiumMilkTruck0.bin" >"$out/shot/truck/CesiumMilkTruck0.bin"
timeout 120 "$vrex" shot "$out/shot" --scene room --open truck -o "$out/shot-truck.png" --size 400x250 \
    >"$out/shot-truck.out" 2>"$out/shot-truck.err"
rc=$?
[ "$rc" -eq 0 ] || fail "shot --open with a truncated .bin: exit $rc: $(tail -3 "$out/shot-truck.err")"
grep -q "CesiumMilkTruck.gltf: truncated glTF buffer 0 (CesiumMilkTruck0.bin has 5000 bytes, the glTF says" \
    "$out/shot-truck.err" || fail "shot --open: the broken model not named: $(cat "$out/shot-truck.err")"

# D. No room on the GPU for the truck's 2048x2048 texture (16 MiB and its mips; 512x512 takes 1.4 MiB).
make_tour "$out/oom"
VREX_GPU_FAULT=out_of_memory@bytes:4000000 timeout 120 "$vrex" shot "$out/oom" --scene room --open truck \
    -o "$out/oom-truck.png" --size 400x250 >"$out/oom-truck.out" 2>"$out/oom-truck.err"
rc=$?
[ "$rc" -eq 0 ] || fail "oom model shot: exit $rc: $(tail -3 "$out/oom-truck.err")"
grep -q "texture .*CesiumMilkTruck.png: out of GPU memory.*showing it at a lower resolution (512x512 of 2048x2048)" \
    "$out/oom-truck.err" || fail "oom model shot: no warning: $(tail -3 "$out/oom-truck.err")"
timeout 120 "$vrex" shot "$out/oom" --scene room --open truck -o "$out/truck.png" --size 400x250 \
    >/dev/null 2>"$out/truck.err" || fail "shot of the truck: $(tail -3 "$out/truck.err")"
d=$(mean_difference "$out/truck.png" "$out/oom-truck.png")
echo "the truck with its texture at 512x512 against 2048x2048: mean difference $d"
check "$d < 0.03" "oom model shot: the truck looks wrong with its smaller texture (mean difference $d)"
VREX_GPU_FAULT=out_of_memory@bytes:4000000 start_vrex oom "$out/oom/tour.yaml" --size ${W}x$H || exit 1
f=$(open_model truck 1) && screenshot "$out/oom-view.png"
[ "$f" = false ] || fail "oom view: the truck did not load ($f)"
says "CesiumMilkTruck.png: out of GPU memory.*showing it at a lower resolution" "oom view"
close_model
stop_vrex

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
