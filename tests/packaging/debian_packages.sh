#!/usr/bin/env bash
# The Debian packages as an operator gets them: cpack builds roi-host and roi-sdk-dev from this
# build; their control data and contents are checked, both are unpacked into a scratch root, the
# systemd unit passes `systemd-analyze verify`, and the installed roi-host (its binary, worker,
# connectors, migrations and /etc/roi/roi.yaml, paths moved into the scratch root) serves
# /healthz and a tRPC query through the installed nginx site, against a fresh test database.
# Needs ROI_BUILD_DIR, ROI_TEST_PG_URL and ROI_TEST_STATE (`make test` sets them).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
: "${ROI_TEST_PG_URL:?run with make test}" "${ROI_TEST_STATE:?run with make test}"

work="$(mktemp -d "$ROI_TEST_STATE/packaging.XXXXXX")"
chmod 755 "$work"
root="$work/root"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack -G DEB --config "$ROI_BUILD/CPackConfig.cmake" -B "$work/packages" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack"; }
host_deb="$(ls "$work"/packages/roi-host_*.deb)"
sdk_deb="$(ls "$work"/packages/roi-sdk-dev_*.deb)"

# Control data: names, dependencies found from the binaries, the config files as conffiles.
info="$(dpkg-deb -I "$host_deb")"
grep -q '^ Package: roi-host$' <<<"$info" || fail "roi-host control: $info"
grep -Eq '^ Depends: .*adduser.*' <<<"$info" || fail "roi-host needs adduser: $info"
grep -Eq '^ Depends: .*libpq5.*' <<<"$info" || fail "roi-host's library dependencies: $info"
# (Whole outputs are captured before grep: grep -q would end a pipe early, and pipefail fail it.)
[ "$(dpkg-deb --ctrl-tarfile "$host_deb" | tar -xO ./conffiles | sort)" = \
  "$(printf '/etc/roi/roi.env\n/etc/roi/roi.yaml')" ] || fail "conffiles are not the two /etc/roi files"
postinst="$(dpkg-deb --ctrl-tarfile "$host_deb" | tar -xO ./postinst)"
grep -q 'adduser --system' <<<"$postinst" || fail "postinst does not create the system user"
info="$(dpkg-deb -I "$sdk_deb")"
grep -q '^ Package: roi-sdk-dev$' <<<"$info" || fail "roi-sdk-dev control: $info"

# Contents: what each package must hold.
contents() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
host_files="$(contents "$host_deb")"
for f in /usr/bin/roi-host /usr/libexec/roi/roi-connector-worker /usr/lib/roi/connectors/google_ads.so \
  /usr/lib/roi/connectors/meta.so /usr/lib/roi/connectors/shopify.so /usr/lib/roi/connectors/stripe_connector.so \
  /usr/share/roi/sql/0001_core.sql /etc/roi/roi.yaml /etc/roi/roi.env /usr/share/roi/nginx/roi-site.conf \
  /usr/share/roi/nginx/fastcgi.conf /usr/lib/systemd/system/roi-host.service; do
  grep -qx "$f" <<<"$host_files" || fail "roi-host lacks $f"
done
[ "$(grep -c '^/usr/share/roi/sql/.*\.sql$' <<<"$host_files")" = "$(ls "$ROI_REPO"/sql/*.sql | wc -l)" ] ||
  fail "roi-host does not hold every migration"
! grep -q 'example_connector\|_test\|roi-platform-sim' <<<"$host_files" || fail "roi-host holds test or demo files"
sdk_files="$(contents "$sdk_deb")"
for f in /usr/include/roi/sdk/abi.hpp /usr/bin/roi-connector-check /usr/share/roi-sdk/template/CMakeLists.txt; do
  grep -qx "$f" <<<"$sdk_files" || fail "roi-sdk-dev lacks $f"
done
grep -q '/cmake/RoiSdk/RoiSdkConfig.cmake$' <<<"$sdk_files" || fail "roi-sdk-dev lacks its CMake package"
grep -q '/libroi_sdk_helpers.a$' <<<"$sdk_files" || fail "roi-sdk-dev lacks the helper library"

dpkg -x "$host_deb" "$root"
dpkg -x "$sdk_deb" "$root"

# The unit, as systemd reads it (its ExecStart resolved in the scratch root).
unit="$root/usr/lib/systemd/system/roi-host.service"
for want in Type=notify Restart=on-failure RestartPreventExitStatus=2 User=roi ProtectSystem=strict \
  ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes; do
  grep -qx "$want" "$unit" || fail "the unit lacks $want"
done
# Verified on this system with only ExecStart moved into the scratch root (--root would look for
# the whole of systemd and /bin/kill there).
sed "s|^ExecStart=/usr/bin/roi-host |ExecStart=$root/usr/bin/roi-host |" "$unit" >"$work/roi-host.service"
grep -q "^ExecStart=$root/" "$work/roi-host.service" || fail "the unit's ExecStart is not /usr/bin/roi-host"
systemd-analyze verify "$work/roi-host.service" >"$work/verify.log" 2>&1 ||
  { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
! grep -q . "$work/verify.log" || { cat "$work/verify.log" >&2; fail "systemd-analyze verify warned"; }

host="$root/usr/bin/roi-host"
# Without a configuration named, the installed host reads /etc/roi/roi.yaml, and its defaults
# are the installed paths.
help="$("$host" --help)"
grep -q '^FILE: ROI_CONFIG, else /etc/roi/roi.yaml$' <<<"$help" || fail "default configuration path"
echo '{}' >"$work/empty.yaml"
export DATABASE_URL=postgresql://roi@127.0.0.1/unused  # required to print settings; not connected
[ "$(ROI_CONFIG="$work/empty.yaml" "$host" --print database.migrations_dir)" = /usr/share/roi/sql ] ||
  fail "default migrations folder"
[ "$(ROI_CONFIG="$work/empty.yaml" "$host" --print plugins.dir)" = /usr/lib/roi/connectors ] ||
  fail "default plugins folder"
for key in database.migrations_dir plugins.dir server.socket reports.folder; do
  [[ "$("$host" --config "$root/etc/roi/roi.yaml" --print "$key")" == /* ]] ||
    fail "the installed roi.yaml's $key is not absolute"
done

# The installed files with every path moved into the scratch root.
moved() { sed -e "s|/usr/|$root/usr/|g" -e "s|/run/roi|$root/run/roi|g" -e "s|/var/lib/roi|$root/var/lib/roi|g" "$1"; }
mkdir -p "$root/run/roi" "$root/var/lib/roi/reports"
moved "$root/etc/roi/roi.yaml" >"$root/etc/roi/roi.test.yaml"
db="packaging_$$"
psql "$ROI_TEST_PG_URL" -qc "CREATE DATABASE $db"
u="${ROI_TEST_PG_URL%/*}/$db"
unset DATABASE_URL
(
  export DATABASE_URL="$u" JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export TOKEN_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"
  export ROI_PLUGINS_WORKER_PATH="$root/usr/libexec/roi/roi-connector-worker" ROI_DB_POOL_SIZE=4
  # The connectors' required settings (placeholders: nothing here calls a platform).
  export ROI_CONNECTOR_GOOGLE_ADS_CLIENT_ID=test-client.apps.googleusercontent.com
  export ROI_CONNECTOR_GOOGLE_ADS_CLIENT_SECRET=test-secret ROI_CONNECTOR_GOOGLE_ADS_DEVELOPER_TOKEN=test-token
  export ROI_CONNECTOR_META_CLIENT_ID=1234567890123456 ROI_CONNECTOR_META_CLIENT_SECRET=test-secret
  export ROI_CONNECTOR_SHOPIFY_CLIENT_ID=test-key ROI_CONNECTOR_SHOPIFY_CLIENT_SECRET=test-secret
  export ROI_CONNECTOR_STRIPE_SECRET_KEY=sk_test_packaging
  exec "$host" --config "$root/etc/roi/roi.test.yaml"
) >"$work/host.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q '"host_started"' "$work/host.log" && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/host.log" >&2; fail "the installed host exited"; }
  sleep 0.1
done
grep -q '"host_started"' "$work/host.log" || { cat "$work/host.log" >&2; fail "the installed host did not start"; }

# The installed nginx site, included by a minimal nginx.conf for this scratch folder.
port="$(free_port)"
moved "$root/usr/share/roi/nginx/roi-site.conf" | sed "s|listen 80;|listen 127.0.0.1:$port;|" >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
daemon off;
pid $work/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
pids+=($!)
health=""
for _ in $(seq 1 100); do
  health="$(curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null)" && break
  sleep 0.1
done
[ -n "$health" ] || { cat "$work/host.log" "$work/nginx-error.log" >&2; fail "no /healthz through the site"; }
connectors="$(curl -fsS "http://127.0.0.1:$port/api/trpc/system.connectors")"
for id in google-ads meta shopify stripe; do
  grep -q "\"$id\"" <<<"$connectors" || fail "the installed connectors do not serve $id: $connectors"
done
echo "ok: packages $(basename "$host_deb") $(basename "$sdk_deb"); installed host served /healthz and system.connectors"
