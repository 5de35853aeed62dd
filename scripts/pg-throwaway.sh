#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for tests and measurements.
#
#   eval "$(scripts/pg-throwaway.sh start)"   # prints `export DATABASE_URL=...` and
#                                             # `export GRIDBEAT_PG_STOP=...`
#   eval "$GRIDBEAT_PG_STOP"                  # same as: scripts/pg-throwaway.sh stop DIR
#
# The cluster lives in a new temporary folder, listens on 127.0.0.1 on a free port (and on a
# unix socket inside that folder), trusts local connections (it holds test data only) and is
# owned by the `postgres` user when run as root, since the server refuses to run as root.
# `start` installs postgresql-15-postgis-3 with apt-get when PostGIS is missing. `stop` shuts
# the server down and deletes the folder. Everything the script says goes to stderr, except
# the export lines.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
POSTGIS_CONTROL=/usr/share/postgresql/15/extension/postgis.control
DB_NAME=gridbeat

log() { echo "pg-throwaway: $*" >&2; }

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_postgis() {
  [ -f "$POSTGIS_CONTROL" ] && [ -x "$PG_BIN/initdb" ] && return 0
  log "installing PostGIS for PostgreSQL 15"
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  local packages=(postgresql-15-postgis-3)
  [ -x "$PG_BIN/initdb" ] || packages+=(postgresql-15)
  $sudo_cmd apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends \
    "${packages[@]}" >&2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  install_postgis

  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/gridbeat-pg.XXXXXX")
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  chmod 700 "$dir"

  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

  # The port can be taken between the probe and the start; try a few.
  local tries
  for tries in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >&2; then
      break
    fi
    [ "$tries" -lt 5 ] || { cat "$dir/server.log" >&2; exit 1; }
  done

  local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${psql[@]}" -d postgres -c "CREATE DATABASE $DB_NAME" >&2
  "${psql[@]}" -d "$DB_NAME" -c "CREATE EXTENSION postgis" >&2
  log "PostgreSQL 15 + PostGIS on 127.0.0.1:$port, data in $dir"

  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/$DB_NAME"
  echo "export GRIDBEAT_PG_STOP=\"$(realpath "$0") stop $dir\""
}

stop() {
  local dir=${1:?usage: pg-throwaway.sh stop DIR}
  case "$dir" in
    */gridbeat-pg.*) ;;
    *) log "refusing to remove $dir: not a folder made by this script"; exit 1 ;;
  esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
