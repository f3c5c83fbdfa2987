# Shared helpers for the run and test scripts: where things are, free ports, a private Postgres
# cluster run as a non-root user, nginx from the project's own config.
# shellcheck shell=bash

ROI_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# ROI_SANITIZE=address,undefined builds everything with those sanitizers, in its own folder.
ROI_SANITIZE="${ROI_SANITIZE:-}"
case "$ROI_SANITIZE" in *[!a-z,_-]*) echo "ROI_SANITIZE: sanitizer names and commas only" >&2; exit 1 ;; esac
if [ -n "$ROI_SANITIZE" ]; then
  ROI_BUILD="${ROI_BUILD_DIR:-$ROI_REPO/build-sanitize}"
else
  ROI_BUILD="${ROI_BUILD_DIR:-$ROI_REPO/build}"
fi
# The tree's configuration: an installed host reads /etc/roi/roi.yaml; one run from here, this
# (its relative paths, sql/ among them, are the repository's: the scripts start it from there).
export ROI_CONFIG="${ROI_CONFIG:-$ROI_REPO/conf/roi.yaml}"

log() { printf '\033[1m[roi]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  # Below the kernel's ephemeral range: a port there can be taken at any moment as the local end
  # of an outgoing connection (the tests make thousands), and a listener then fails to bind.
  local port low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  [ "$low" -gt 21000 ] || low=32768
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}

# Runs a command as `user` when we are root (initdb and postgres refuse to run as root), from /
# (the checkout, under /root say, may be closed to that user; its paths here are absolute).
as_user() {
  local user="$1"
  shift
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$user" -- "$@"); else "$@"; fi
}

# The user the private cluster runs as: the invoking user, or `postgres` when that is root.
pg_user() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }

pg_bindir() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)"
  [ -n "$initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  dirname "$initdb"
}

# A folder `user` can reach: `want` itself if every parent lets it through, else one under /tmp
# that `user` may pass through (mktemp makes it 0700, root's alone: nginx's workers could not
# reach the host's socket in it).
reachable_dir() {
  local user="$1" want="$2" dir
  mkdir -p "$want"
  if [ "$(id -u)" != 0 ] || (cd / && runuser -u "$user" -- test -x "$want") 2>/dev/null; then
    echo "$want"
  else
    dir="$(mktemp -d "/tmp/roi-$user.XXXXXX")"
    chmod 711 "$dir"
    echo "$dir"
  fi
}

# pg_datadir STATE_DIR: the cluster's data folder, chosen once (kept in STATE_DIR/pg.datadir) where
# the cluster's user can reach it, its parent owned by that user.
pg_datadir() {
  local state="$1" user data
  user="$(pg_user)"
  data="$(cat "$state/pg.datadir" 2>/dev/null || true)"
  if [ -z "$data" ] || [ ! -d "$(dirname "$data")" ]; then
    data="$(reachable_dir "$user" "$state/pg")/data"
    echo "$data" >"$state/pg.datadir"
  fi
  chown -R "$user" "$(dirname "$data")" 2>/dev/null || true
  echo "$data"
}

# pg_launch STATE_DIR PORT [tuned-for-tests]: starts the cluster of STATE_DIR; waits until it accepts.
pg_launch() {
  local state="$1" port="$2" fast="${3:-}" data
  data="$(cat "$state/pg.datadir")"
  local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$(dirname "$data")"
  opts+=" -c max_connections=400 -c shared_buffers=256MB"
  if [ -n "$fast" ]; then
    # Throwaway test data: durability off, speed on.
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_user "$(pg_user)" "$(pg_bindir)/pg_ctl" -D "$data" -o "$opts" -l "$data/../postgres.log" -w -t 60 start \
    >/dev/null || { tail -20 "$data/../postgres.log" >&2; die "postgres did not start"; }
}

# pg_start STATE_DIR PORT [tuned-for-tests]: initialises (once) and starts a cluster whose
# superuser is `roi`, listening on 127.0.0.1:PORT and on a Unix socket in the folder
# `pg_socket_dir STATE_DIR` prints. Prints nothing; waits until it accepts.
pg_start() {
  local state="$1" port="$2" fast="${3:-}" data
  data="$(pg_datadir "$state")"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_user "$(pg_user)" "$(pg_bindir)/initdb" -D "$data" -U roi --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; die "initdb failed"; }
  fi
  pg_launch "$state" "$port" "$fast"
}

# pg_start_replica STATE_DIR PRIMARY_PORT PORT [tuned-for-tests]: a streaming replica of the
# cluster on 127.0.0.1:PRIMARY_PORT (Postgres' own replication: pg_basebackup -R, once), started
# on PORT as a hot standby. initdb's trust rules let `roi` (a superuser) replicate over loopback.
pg_start_replica() {
  local state="$1" primary="$2" port="$3" fast="${4:-}" data
  data="$(pg_datadir "$state")"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_user "$(pg_user)" "$(pg_bindir)/pg_basebackup" -h 127.0.0.1 -p "$primary" -U roi -D "$data" \
      -R -X stream -c fast >"$state/basebackup.log" 2>&1 ||
      { cat "$state/basebackup.log" >&2; die "pg_basebackup failed"; }
  fi
  pg_launch "$state" "$port" "$fast"
}

# The folder of the cluster's Unix socket: postgresql://roi@/DB?host=<it>&port=PORT connects
# through it, which costs the database less per query than TCP on loopback.
pg_socket_dir() {
  dirname "$(cat "$1/pg.datadir")"
}

# Waits for the server to be gone: pg_ctl's own 60 s can pass on a loaded machine while the
# shutdown checkpoint writes, and pg_ctl returns once the server removed its pid file, a moment
# before the process itself has ended. Callers (tests, `make run`'s SIGTERM) rely on it being gone.
pg_stop() {
  local state="$1" data pid st
  data="$(cat "$state/pg.datadir" 2>/dev/null || true)"
  [ -n "$data" ] && [ -f "$data/postmaster.pid" ] || return 0
  pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
  as_user "$(pg_user)" "$(pg_bindir)/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null 2>&1 || true
  [ -n "$pid" ] || return 0
  # Up to 10 s more; a zombie (exited, not yet reaped by whoever adopted it) counts as gone.
  for _ in $(seq 1 200); do
    st="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1 || true)"
    case "$st" in "" | Z) return 0 ;; esac
    sleep 0.05
  done
}

# The group nginx's workers run as: nobody's when we are root (render_nginx names that user),
# else our own. roi-host gives its FastCGI socket (mode 0660) to this group.
nginx_group() { if [ "$(id -u)" = 0 ]; then id -gn nobody; else id -gn; fi; }
if [ "$(id -u)" = 0 ]; then
  ROI_FCGI_SOCKET_GROUP="${ROI_FCGI_SOCKET_GROUP:-$(nginx_group)}"
  export ROI_FCGI_SOCKET_GROUP
fi

# render_nginx STATE_DIR HTTP_PORT FCGI_SOCKET KEEPALIVE REPORTS_DIR [ACCESS_LOG]: writes
# STATE_DIR/nginx.conf. FCGI_SOCKET is one host's socket, or several hosts' joined by commas (one
# upstream server each). REPORTS_DIR is the host's reports.folder (absolute), served internally;
# the dashboard page is served from the build folder's web/site.
render_nginx() {
  local state="$1" port="$2" socket="$3" keepalive="$4" reports="$5" access="${6:-off}"
  case "$port$keepalive" in '' | *[!0-9]*) die "render_nginx: port and keepalive must be numbers" ;; esac
  case "$reports" in /*) ;; *) die "render_nginx: the reports folder must be absolute" ;; esac
  mkdir -p "$state"
  # The dashboard page's bundle (web/, built into the build folder); nginx's workers must be
  # able to read it, so when run as root from a folder they cannot reach, a copy beside the config.
  local site="$ROI_BUILD/web/site"
  if [ "$(id -u)" = 0 ] && [ -f "$site/index.html" ] && ! runuser -u nobody -- test -r "$site/index.html"; then
    rm -rf "$state/site"
    cp -r "$site" "$state/site"
    site="$state/site"
  fi
  # Values land in nginx directives and in sed replacements: plain path characters only.
  local v
  local sockets
  IFS=, read -r -a sockets <<<"$socket"
  for v in "$state" "${sockets[@]}" "$reports" "$access" "$ROI_REPO" "$site"; do
    case "$v" in '' | *[!A-Za-z0-9_./+@-]*) die "render_nginx: unsupported character in path '$v'" ;; esac
  done
  # The template's one `server unix:@FCGI_SOCKET@;` line becomes a server per host.
  local servers="${sockets[0]}"
  for v in "${sockets[@]:1}"; do servers+="; server unix:$v"; done
  # As root, nginx's workers run as nobody in nginx_group (the socket's group); otherwise as us.
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user nobody $(nginx_group);"
  sed -e "s|@USER_LINE@|$user_line|" -e "s|@STATE@|$state|g" -e "s|@HTTP_PORT@|$port|g" -e "s|@FCGI_SOCKET@|$servers|g" \
      -e "s|@FCGI_KEEPALIVE@|$keepalive|g" -e "s|@ACCESS_LOG@|$access|g" \
      -e "s|@REPORTS_DIR@|$reports|g" -e "s|@WEB_ROOT@|$site|g" \
      -e "s|@NGINX_DIR@|$ROI_REPO/nginx|g" \
      "$ROI_REPO/nginx/roi.conf.in" >"$state/nginx.conf"
}
