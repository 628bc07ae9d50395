#!/usr/bin/env bash
# End-to-end: tours over http(s) against a real nginx (Debian's nginx-light) that this script starts on loopback
# with a configuration of its own, and stops. Usage: http.sh VREX OUTDIR
set -uo pipefail
vrex="$1"
out="$2"
src="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out" && mkdir -p "$out"
source "$(dirname "$0")/desktop_lib.sh" # failures, fail, and the window's: start_xvfb, start_vrex, wait_for_event
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "FAIL: no nginx (tools/packages.txt has nginx-light)"; exit 1; }
export VREX_HTTP_CACHE="$out/cache"
unset VREX_CA_FILE

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
tls_port=$(free_port)
srv="$out/nginx"
mkdir -p "$srv/tmp" "$srv/www/t/panos" "$srv/www/secret"
# A self-signed certificate for 127.0.0.1, and a second one the client is never told to trust.
for name in good other; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$srv/$name.key" -out "$srv/$name.pem" 2>/dev/null || { echo "FAIL: openssl req"; exit 1; }
done
cat >"$srv/nginx.conf" <<CONF
daemon off;
master_process off;
pid $srv/nginx.pid;
error_log $srv/error.log;
events {}
http {
    log_format vrex '\$request_method \$uri \$status conn=\$connection \$server_protocol inm=\$http_if_none_match';
    access_log $srv/access.log vrex;
    client_body_temp_path $srv/tmp/body;
    proxy_temp_path $srv/tmp/proxy;
    fastcgi_temp_path $srv/tmp/fastcgi;
    uwsgi_temp_path $srv/tmp/uwsgi;
    scgi_temp_path $srv/tmp/scgi;
    types { image/jpeg jpg; text/yaml yaml; }
    server { listen 127.0.0.1:$port; root $srv/www; }
    server {
        listen 127.0.0.1:$tls_port ssl http2;
        ssl_certificate $srv/good.pem;
        ssl_certificate_key $srv/good.key;
        root $srv/www;
    }
}
CONF
nginx_pid=""
start_nginx() {
    "$nginx_bin" -p "$srv" -c "$srv/nginx.conf" -e "$srv/error.log" &
    nginx_pid=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "FAIL: nginx did not start: $(cat "$srv/error.log")"
    exit 1
}
stop_nginx() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    nginx_pid=""
}
trap 'stop_nginx; [ -n "${VREX_PID:-}" ] && kill $VREX_PID 2>/dev/null; [ -n "${XVFB_PID:-}" ] && kill $XVFB_PID' EXIT

cp "$src/tests/data/grid_512x256.jpg" "$srv/www/t/panos/a.jpg"
cp "$src/tests/data/grid_512x256.jpg" "$srv/www/t/panos/b.jpg"
cp "$src/tests/data/grid_512x256.jpg" "$srv/www/t/panos/c.jpg"
cat >"$srv/www/t/tour.yaml" <<'YAML'
tour: {title: Served, start: a}
scenes:
  - id: a
    panorama: panos/a.jpg
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: b}
  - id: b
    panorama: panos/b.jpg
YAML
start_nginx
url="http://127.0.0.1:$port/t/tour.yaml"
log="$srv/access.log"
lines() { wc -l <"$log"; }
since() { tail -n +"$(($1 + 1))" "$log"; }
shot=(--size 160x80 --yaw 0 --pitch 0 --hfov 90)

# First load: the tour and both panoramas, 200 each.
n0=$(lines)
"$vrex" shot "$url" "${shot[@]}" -o "$out/first.png" >"$out/first.txt" 2>&1 || fail "first shot: $(cat "$out/first.txt")"
[ -s "$out/first.png" ] || fail "no first.png"
since "$n0" >"$out/first.log"
[ "$(grep -c ' 200 ' "$out/first.log")" -eq 3 ] || fail "first load: not 3 x 200: $(cat "$out/first.log")"
grep -q "3 files: 3 downloaded" "$out/first.txt" || fail "first load summary: $(cat "$out/first.txt")"
cmp -s "$out/cache/files/http_127.0.0.1_$port/t/panos/b.jpg" "$srv/www/t/panos/b.jpg" ||
    fail "the cache does not mirror the server's paths"
# The same picture as the tour opened from its folder.
"$vrex" shot "$srv/www/t/tour.yaml" "${shot[@]}" -o "$out/local.png" >/dev/null 2>&1
cmp -s "$out/first.png" "$out/local.png" || fail "the served tour renders differently from the local one"

# Second load: revalidated with If-None-Match, every answer a 304, over kept-alive connections.
n0=$(lines)
"$vrex" lint "$url" >"$out/second.txt" 2>&1 || fail "second lint: $(cat "$out/second.txt")"
since "$n0" >"$out/second.log"
[ "$(grep -c ' 304 ' "$out/second.log")" -eq 3 ] || fail "second load: not 3 x 304: $(cat "$out/second.log")"
grep -q 'inm=-$' "$out/second.log" && fail "a revalidation without If-None-Match: $(cat "$out/second.log")"
conns=$(grep -o 'conn=[0-9]*' "$out/second.log" | sort -u | wc -l)
echo "second load: 3 requests over $conns connection(s)"
[ "$conns" -lt 3 ] || fail "no connection was reused: $(cat "$out/second.log")"

# --offline: no request at all.
n0=$(lines)
"$vrex" shot "$url" --offline "${shot[@]}" -o "$out/offline.png" >"$out/offline.txt" 2>&1 ||
    fail "offline shot: $(cat "$out/offline.txt")"
[ "$(lines)" -eq "$n0" ] || fail "--offline made requests: $(since "$n0")"
cmp -s "$out/first.png" "$out/offline.png" || fail "--offline renders differently"

# A tour changed on the server is picked up at the next start (here: a third scene).
sed -i 's/^  - id: b$/  - id: c\n    panorama: panos\/c.jpg\n  - id: b/' "$srv/www/t/tour.yaml"
"$vrex" shot "$url" --scene c "${shot[@]}" -o "$out/c.png" >"$out/c.txt" 2>&1 || fail "changed tour: $(cat "$out/c.txt")"

# A file gone from the server: lint names it, the other scenes still render.
mv "$srv/www/t/panos/b.jpg" "$srv/www/t/panos/b.moved"
"$vrex" lint "$url" >"$out/missing.txt" 2>&1
[ $? -eq 1 ] || fail "lint with a missing panorama did not exit 1"
grep -q "b.jpg: the server answered HTTP 404" "$out/missing.txt" || fail "no 404 said: $(cat "$out/missing.txt")"
grep -q "tour.yaml:[0-9]*:[0-9]*: error: file not found: .panos/b.jpg" "$out/missing.txt" || fail "no loader error: $(cat "$out/missing.txt")"
# (shot, like lint, refuses a tour with a missing file; view shows the scene's placeholder instead.)
"$vrex" shot "$url" "${shot[@]}" -o "$out/after404.png" >"$out/after404.txt" 2>&1
[ $? -eq 1 ] || fail "shot with a missing panorama did not exit 1"
grep -q "error: file not found: .panos/b.jpg" "$out/after404.txt" || fail "no loader error: $(cat "$out/after404.txt")"
[ -e "$out/cache/files/http_127.0.0.1_$port/t/panos/b.jpg" ] && fail "a 404 left the cached copy"
mv "$srv/www/t/panos/b.moved" "$srv/www/t/panos/b.jpg"
"$vrex" lint "$url" >"$out/back.txt" 2>&1 || fail "lint after the file came back: $(cat "$out/back.txt")"

# A served tour may not leave its base path: file:line:col with the URL.
cat >"$srv/www/t/escape.yaml" <<'YAML'
scenes:
  - id: a
    panorama: ../secret/x.jpg
YAML
"$vrex" lint "http://127.0.0.1:$port/t/escape.yaml" >"$out/escape.txt" 2>&1
[ $? -eq 1 ] || fail "an escaping tour did not exit 1"
grep -q "^http://127.0.0.1:$port/t/escape.yaml:3:[0-9]*: error:" "$out/escape.txt" ||
    fail "escape not refused with URL:line:col: $(cat "$out/escape.txt")"

# Models and their parts: a glTF with its .bin and texture, an OBJ with its material library and the textures that
# names (fetched a level at a time): served, each renders as from the folder; every part was asked for once.
mkdir -p "$srv/www/t/models"
cp -r "$src/tests/data/models/cesium-milk-truck" "$src/tests/data/models/spider-obj" "$srv/www/t/models/"
cat >"$srv/www/t/models.yaml" <<'YAML'
tour: {title: Models, start: a}
scenes:
  - id: a
    panorama: panos/a.jpg
    hotspots:
      - {id: truck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: truck}
      - {id: spider, kind: model, at: {yaw: 90, pitch: 0}, exhibit: spider}
exhibits:
  - id: truck
    title: Truck
    model: {file: models/cesium-milk-truck/CesiumMilkTruck.gltf, size: 40}
  - id: spider
    title: Spider
    model: {file: models/spider-obj/spider.obj, size: 40}
YAML
n0=$(lines)
for m in truck:0 spider:90; do
    yaw=${m#*:} m=${m%%:*}
    mshot=(--open "$m" --size 240x160 --yaw "$yaw" --pitch 0 --hfov 90)
    "$vrex" shot "http://127.0.0.1:$port/t/models.yaml" "${mshot[@]}" -o "$out/model_$m.png" >"$out/model_$m.txt" 2>&1 ||
        fail "served $m: $(cat "$out/model_$m.txt")"
    "$vrex" shot "$srv/www/t/models.yaml" "${mshot[@]}" -o "$out/model_${m}_local.png" >/dev/null 2>&1 || fail "local $m"
    cmp -s "$out/model_$m.png" "$out/model_${m}_local.png" || fail "served $m renders differently from the folder's"
done
since "$n0" >"$out/models.log"
for part in CesiumMilkTruck0.bin CesiumMilkTruck.png spider.mtl SpiderTex.jpg drkwood2.jpg wal67ar_small.jpg; do
    [ "$(grep -c "/$part " "$out/models.log")" -ge 1 ] || fail "$part was never asked for: $(cat "$out/models.log")"
done
grep -q "warning" "$out/model_truck.txt" && fail "warnings for the served truck: $(cat "$out/model_truck.txt")"

# HTTPS: trusted explicitly (--ca, or VREX_CA_FILE), over HTTP/2; untrusted: refused, with a clear message.
surl="https://127.0.0.1:$tls_port/t/tour.yaml"
n0=$(lines)
"$vrex" lint "$surl" --ca "$srv/good.pem" >"$out/tls.txt" 2>&1 || fail "https with --ca: $(cat "$out/tls.txt")"
since "$n0" | grep -q "HTTP/2.0" || fail "no HTTP/2 over TLS: $(since "$n0")"
VREX_CA_FILE="$srv/good.pem" "$vrex" lint "$surl" >/dev/null 2>&1 || fail "https with VREX_CA_FILE"
"$vrex" lint "$surl" >"$out/untrusted.txt" 2>&1
[ $? -eq 1 ] || fail "an untrusted certificate was not refused"
grep -q "certificate is not trusted" "$out/untrusted.txt" || fail "unclear TLS refusal: $(cat "$out/untrusted.txt")"
"$vrex" lint "$surl" --ca "$srv/other.pem" >"$out/other.txt" 2>&1
[ $? -eq 1 ] || fail "a certificate signed by another was accepted"

# A tour updated on the server while `vrex view --edit` runs: re-validated (304s) until it changes, then fetched
# (200) and reloaded. Then the server stops under the running viewer: it carries on, says so once, and says when
# the server is back.
start_xvfb
access_for() { grep -c "^GET $1 $2 " "$log"; }
if start_vrex edit "$url" --edit --size 400x300; then
    n304=$(access_for /t/tour.yaml 304)
    for _ in $(seq 200); do [ "$(access_for /t/tour.yaml 304)" -gt "$n304" ] && break; sleep 0.1; done
    [ "$(access_for /t/tour.yaml 304)" -gt "$n304" ] || fail "--edit never re-validated the tour: $(tail -3 "$log")"
    n200=$(access_for /t/tour.yaml 200)
    sed -i 's/title: Served,/title: Served again,/' "$srv/www/t/tour.yaml"
    wait_for_event '"tour_reloaded"' 30 || fail "the changed tour was not reloaded: $(tail -5 "$VREX_ERR")"
    [ "$(access_for /t/tour.yaml 200)" -gt "$n200" ] || fail "no 200 for the changed tour: $(tail -5 "$log")"
    xdotool getwindowname "$VREX_WINDOW" | grep -q "Served again" ||
        fail "the window does not show the new title: $(xdotool getwindowname "$VREX_WINDOW")"
    stop_nginx
    for _ in $(seq 200); do grep -q "cannot reach the server" "$VREX_ERR" && break; sleep 0.1; done
    grep -q "warning: .*cannot reach the server.*carries on" "$VREX_ERR" ||
        fail "--edit: the stopped server not said: $(tail -3 "$VREX_ERR")"
    sleep 5 # the server stays away for two more checks (every 2 s): they must not say it again (no check can be seen)
    start_nginx
    for _ in $(seq 200); do grep -q "the server answers again" "$VREX_ERR" && break; sleep 0.1; done
    grep -q "the server answers again" "$VREX_ERR" || fail "--edit: the server's return not said"
    [ "$(grep -c "cannot reach the server" "$VREX_ERR")" -eq 1 ] ||
        fail "the stopped server not said exactly once: $(grep "cannot reach" "$VREX_ERR")"
    # A server that stalls (SIGSTOP: the kernel still accepts, nothing answers) while a check waits on it: Ctrl+Q
    # still quits at once (stop_vrex allows 10 s), the check cancelled, not when the server wakes.
    kill -STOP "$nginx_pid"
    sleep 3 # a check (every 2 s) is then waiting on the stalled server
    stop_vrex
    kill -CONT "$nginx_pid"
fi

# The server stopped: the cache carries on, saying so.
stop_nginx
"$vrex" shot "$url" "${shot[@]}" -o "$out/down.png" >"$out/down.txt" 2>&1 || fail "shot with the server down: $(cat "$out/down.txt")"
grep -q "warning: .*cannot reach the server" "$out/down.txt" || fail "no fallback warning: $(cat "$out/down.txt")"
cmp -s "$out/first.png" "$out/down.png" || fail "the cached tour renders differently"
# ... and a file the cache never got (deleted here: the cache may be deleted at any time): `vrex shot --all` still
# draws every scene, that one as the viewer's placeholder, and says once that the server cannot be reached.
rm "$out/cache/files/http_127.0.0.1_$port/t/panos/c.jpg"
"$vrex" shot "$srv/www/t/tour.yaml" --all "${shot[@]}" -o "$out/local_all" >/dev/null 2>&1
"$vrex" shot "$url" --all "${shot[@]}" -o "$out/down_all" >"$out/down_all.txt" 2>&1 ||
    fail "shot --all with the server down and a file not cached: $(cat "$out/down_all.txt")"
for s in a b c; do [ -s "$out/down_all/$s.png" ] || fail "shot --all drew no $s.png: $(cat "$out/down_all.txt")"; done
[ "$(grep -c "cannot reach the server" "$out/down_all.txt")" -eq 1 ] ||
    fail "the server's absence not said exactly once: $(cat "$out/down_all.txt")"
grep -q "panos/c.jpg: not in the cache: shown as a placeholder" "$out/down_all.txt" ||
    fail "the uncached file not named: $(cat "$out/down_all.txt")"
cmp -s "$out/down_all/a.png" "$out/local_all/a.png" || fail "scene a renders differently with the server down"
cmp -s "$out/down_all/c.png" "$out/local_all/c.png" && fail "scene c, not in the cache, is not a placeholder"
# The viewer the same way: opened at that scene, it shows the placeholder (the grey of the loader's placeholder over
# most of the window, which the grid panorama never is) and says once that the server cannot be reached.
if start_vrex down "$url" --scene c --size 400x300; then
    [ "$(grep -c "cannot reach the server" "$VREX_ERR")" -eq 1 ] || fail "view: not said once: $(cat "$VREX_ERR")"
    grep -q "panos/c.jpg: not in the cache: shown as a placeholder" "$VREX_ERR" || fail "view: c.jpg not named"
    screenshot "$out/down_view.png" 400x300
    grey=$(fraction "$out/down_view.png" 400x300+0+0 'abs(r-g)<0.04 && abs(g-b)<0.06 && r>0.3 && r<0.6')
    check "$grey > 0.5" "view: no placeholder on screen (grey share $grey): see $out/down_view.png"
    stop_vrex
fi
rm -rf "$out/cache"
"$vrex" lint "$url" --offline >"$out/cold.txt" 2>&1
[ $? -eq 1 ] || fail "--offline with an empty cache did not fail"
grep -q "not in the cache" "$out/cold.txt" || fail "empty cache: $(cat "$out/cold.txt")"

[ "$failures" -eq 0 ] && echo "http: all checks passed"
exit $((failures > 0))
