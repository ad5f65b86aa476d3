#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster: initdb in a temporary folder,
# start it on a private port and socket, export DATABASE_URL, run, then stop and remove it.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL binaries not found (set PGBIN)" >&2; exit 1; }
PORT=${PGPORT_TEST:-54329}
DIR=$(mktemp -d /tmp/fazhi-pg.XXXXXX)
chmod 755 "$DIR"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$DIR/data" -U fazhi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -c listen_addresses='' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://fazhi@/fazhi_test_main?host=$DIR&port=$PORT"
as_pg "$PGBIN/createdb" -h "$DIR" -p "$PORT" -U fazhi fazhi_test_main
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $DIR (port $PORT)"
"$@"
