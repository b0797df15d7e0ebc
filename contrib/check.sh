#!/usr/bin/env bash
# Checks the deployment examples on this machine: the systemd unit passes
# `systemd-analyze verify`, and the app serves through the Caddyfile (with a
# local certificate instead of Let's Encrypt) with HTTPS-only cookies and HSTS.
# Needs: a built binary (cargo build), systemd-analyze, caddy (apt install caddy).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/debug/blood-drive}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "1. systemd unit"
sed "s|/usr/local/bin/blood-drive|$BIN|" contrib/blood-drive.service > "$WORK/blood-drive.service"
systemd-analyze verify "$WORK/blood-drive.service"
echo "   systemd-analyze verify: ok"

echo "2. the app behind contrib/Caddyfile"
APP=127.0.0.1:18080
PROXY=localhost:18443
sed -e "s|^donor.example.go.id {|$PROXY {\n\ttls internal|" -e "s|127.0.0.1:8080|$APP|" \
    contrib/Caddyfile > "$WORK/Caddyfile"
printf '{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system %s/caddy\n}\n' "$WORK" \
    | cat - "$WORK/Caddyfile" > "$WORK/Caddyfile.full"
user=$(id -un)
if [ "$user" = root ]; then RUNAS=(setpriv --reuid=nobody --regid=nogroup --init-groups); chmod 777 "$WORK"; else RUNAS=(); fi
DATA_DIR=$WORK/data BIND_ADDR=$APP PUBLIC_URL=https://$PROXY COOKIE_SECURE=true \
    TRUSTED_PROXIES="127.0.0.1, ::1" SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
    RUST_LOG=warn "$BIN" serve --demo > "$WORK/app.log" 2>&1 &
HOME=$WORK "${RUNAS[@]}" caddy run --config "$WORK/Caddyfile.full" --adapter caddyfile > "$WORK/caddy.log" 2>&1 &
for _ in $(seq 1 120); do
    curl -ksf "https://$PROXY/" -o /dev/null 2>/dev/null && break
    sleep 0.5
done
headers=$(curl -ks -D - -o "$WORK/page.html" "https://$PROXY/login")
status=$(echo "$headers" | head -1)
echo "   GET https://$PROXY/login: $status"
echo "$headers" | grep -qi '^strict-transport-security:' || { echo "no HSTS"; exit 1; }
echo "$headers" | grep -qi '^set-cookie: __Host-' || { echo "no __Host- cookie"; exit 1; }
grep -q 'name="csrf_token"' "$WORK/page.html" || { echo "not the login page"; exit 1; }
curl -ksf "https://$PROXY/drives/hbi-77-2027" -o /dev/null
echo "   HSTS, __Host- cookie, login page and the demo drive page through the proxy: ok"
