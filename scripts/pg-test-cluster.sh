#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: POSTTRACE_TEST_DATABASE_URL points at it.
# Usage: bash scripts/pg-test-cluster.sh COMMAND [ARGS…]   (exit status: the command's)
# PostgreSQL refuses to run as root, so when we are root the cluster belongs to the `postgres`
# user, in a temp dir it owns; the command itself runs as the caller and connects over TCP.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS…]" >&2; exit 64; }
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "pg-test-cluster: no PostgreSQL server binaries (install postgresql)" >&2; exit 69; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d /tmp/posttrace-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
cleanup() {
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 70; }
# Throwaway data: durability off for speed (the store's own durability is tested on SQLite with kill -9).
as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 70; }
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres posttrace_test

export POSTTRACE_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/posttrace_test"
echo "pg-test-cluster: $POSTTRACE_TEST_DATABASE_URL" >&2
set +e
"$@"
status=$?
set -e
exit $status
