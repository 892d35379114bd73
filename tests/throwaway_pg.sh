#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for the test run (TESTING.md).
# `start` prints the SQLAlchemy URL; `stop` removes the cluster (and its replica).
# `halt` / `resume` [replica] stop and restart a server keeping its data and port (outage tests);
# `replica` adds a streaming replica (pg_basebackup -R) on another port and prints its URL.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
STATE=${VSSID_PG_STATE:-/tmp/vssid-test-pg}
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {  # serve DATA_DIR PORT LOG
  run_as_pg "$BIN/pg_ctl" -D "$1" -l "$3" -w \
    -o "-p $2 -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
}

case "${1:-}" in
start)
  "$0" stop >/dev/null 2>&1 || true
  port=$(free_port)
  install -d -m 700 "$STATE"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE"
  run_as_pg "$BIN/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  echo "$port" > "$STATE/port"
  serve "$STATE/data" "$port" "$STATE/log"
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  ;;
halt)  # `halt` the primary, `halt replica` the replica
  run_as_pg "$BIN/pg_ctl" -D "$STATE/${2:-data}" -m fast -w stop >/dev/null
  ;;
resume)
  if [ "${2:-}" = replica ]; then
    serve "$STATE/replica" "$(cat "$STATE/replica.port")" "$STATE/replica.log"
  else
    serve "$STATE/data" "$(cat "$STATE/port")" "$STATE/log"
  fi
  ;;
replica)
  port=$(free_port)
  run_as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$(cat "$STATE/port")" -U postgres -D "$STATE/replica" -R -X stream -c fast
  echo "$port" > "$STATE/replica.port"
  serve "$STATE/replica" "$port" "$STATE/replica.log"
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  for data in "$STATE/replica" "$STATE/data"; do
    if [ -d "$data" ]; then
      run_as_pg "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$STATE"
  ;;
*) echo "usage: $0 start|stop|halt|resume|replica" >&2; exit 2 ;;
esac
