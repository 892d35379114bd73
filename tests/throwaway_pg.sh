#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for the test run (TESTING.md).
# `start` prints the SQLAlchemy URL; `stop` removes the cluster.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
STATE=${VSSID_PG_STATE:-/tmp/vssid-test-pg}
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  "$0" stop >/dev/null 2>&1 || true
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  install -d -m 700 "$STATE"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE"
  run_as_pg "$BIN/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_as_pg "$BIN/pg_ctl" -D "$STATE/data" -l "$STATE/log" -w \
    -o "-p $port -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  if [ -d "$STATE/data" ]; then
    run_as_pg "$BIN/pg_ctl" -D "$STATE/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE"
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
