#!/usr/bin/env bash
# A throwaway PostgreSQL formation on loopback for failover and read-replica tests and benchmarks:
#   primary  (read-write; synchronous_standby_names='*' once the standby streams),
#   standby  (synchronous, pg_basebackup -R -X stream from the primary; the one to promote),
#   replica  (asynchronous read replica cascading from the standby, so it follows a promotion).
#
# Usage: bash scripts/pg-ha-cluster.sh start DIR          build and start it in DIR (must not exist or be empty)
#        bash scripts/pg-ha-cluster.sh stop DIR           stop every node and remove DIR
#        bash scripts/pg-ha-cluster.sh kill-primary DIR   crash the primary (pg_ctl -m immediate stop)
#        bash scripts/pg-ha-cluster.sh promote DIR        promote the standby (it becomes the primary)
#        bash scripts/pg-ha-cluster.sh pause-replica DIR | resume-replica DIR   pause/resume WAL replay on the replica
#        bash scripts/pg-ha-cluster.sh status DIR         each node: port, role, replay lag
#        bash scripts/pg-ha-cluster.sh run -- CMD [ARGS…] start in a temp dir, run CMD with the URLs exported, stop
#
# DIR/env holds shell assignments: PG_HA_PRIMARY_URL, PG_HA_STANDBY_URL, PG_HA_REPLICA_URL and PG_HA_MULTI_URL
# (both writable candidates, target_session_attrs=read-write, connect_timeout=2: what a server's --db uses).
# PostgreSQL refuses to run as root, so as root the nodes belong to the `postgres` user. Every daemon writes to
# its own log file in DIR, so nothing keeps a caller's pipes open. Exit status: 0, 64 usage, 69 no PostgreSQL,
# 70 a node failed (its log is printed).
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "${PGBIN:-}/initdb" ] || { echo "pg-ha-cluster: no PostgreSQL server binaries (install postgresql)" >&2; exit 69; }
DB=posttrace

usage() { sed -n '7,13p' "$0" | sed 's/^# //' >&2; exit 64; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port_of() { cat "$1/$2.port"; }
sql() {  # sql DIR NODE STATEMENT: one value, or nothing when the node does not answer
  as_owner "$PGBIN/psql" -X -A -t -q -h 127.0.0.1 -p "$(port_of "$1" "$2")" -U postgres -d "$DB" -c "$3" 2>/dev/null || true
}
fail() { echo "pg-ha-cluster: $1" >&2; [ -f "${2:-/nonexistent}" ] && tail -20 "$2" >&2; exit 70; }

start_node() {  # start_node DIR NODE
  local dir=$1 node=$2
  as_owner "$PGBIN/pg_ctl" -D "$dir/$node" -l "$dir/$node.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $(port_of "$dir" "$node") -k $dir -c fsync=off -c max_connections=200 -c max_wal_senders=10 -c wal_keep_size=256MB -c hot_standby=on -c hot_standby_feedback=on -c wal_receiver_status_interval=1s -c cluster_name=$node" \
    start >/dev/null </dev/null || fail "$node did not start" "$dir/$node.log"
}

base_backup() {  # base_backup DIR NODE FROM: a streaming standby of FROM
  local dir=$1 node=$2 from=$3
  as_owner "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$(port_of "$dir" "$from")" -U postgres -D "$dir/$node" -R -X stream \
    -c fast -d "application_name=$node" >"$dir/$node.basebackup.log" 2>&1 </dev/null \
    || fail "base backup of $node from $from failed" "$dir/$node.basebackup.log"
}

cmd_start() {
  local dir=$1
  [ -z "$(ls -A "$dir" 2>/dev/null)" ] || fail "$dir is not empty"
  mkdir -p "$dir"; chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  for node in primary standby replica; do free_port >"$dir/$node.port"; done
  as_owner "$PGBIN/initdb" -D "$dir/primary" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 </dev/null \
    || fail "initdb failed" "$dir/initdb.log"
  echo "host replication all 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
  start_node "$dir" primary
  as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$(port_of "$dir" primary)" -U postgres "$DB" </dev/null
  base_backup "$dir" standby primary
  start_node "$dir" standby
  base_backup "$dir" replica standby
  start_node "$dir" replica
  # Synchronous only once the standby streams: before, every commit (even createdb) would wait for it.
  for _ in $(seq 1 100); do
    [ "$(sql "$dir" primary "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'standby' AND state = 'streaming'")" = 1 ] && break
    sleep 0.2
  done
  [ "$(sql "$dir" primary "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'standby'")" = 1 ] \
    || fail "the standby does not stream" "$dir/standby.log"
  sql "$dir" primary "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
  sql "$dir" primary "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 1 100); do
    [ "$(sql "$dir" standby "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" = 1 ] && break
    sleep 0.2
  done
  local p s r h=127.0.0.1
  p=$(port_of "$dir" primary); s=$(port_of "$dir" standby); r=$(port_of "$dir" replica)
  cat >"$dir/env" <<EOF
PG_HA_PRIMARY_URL=postgresql://postgres@$h:$p/$DB
PG_HA_STANDBY_URL=postgresql://postgres@$h:$s/$DB
PG_HA_REPLICA_URL=postgresql://postgres@$h:$r/$DB
PG_HA_MULTI_URL='postgresql://postgres@$h:$p,$h:$s/$DB?target_session_attrs=read-write&connect_timeout=2'
EOF
  echo "pg-ha-cluster: primary :$p, synchronous standby :$s, replica :$r (cascading from the standby) in $dir" >&2
}

cmd_stop() {
  local dir=$1
  for node in replica standby primary; do
    [ -d "$dir/$node" ] && as_owner "$PGBIN/pg_ctl" -D "$dir/$node" -m immediate -w stop >/dev/null 2>&1 </dev/null || true
  done
  rm -rf "$dir"
}

cmd_status() {
  local dir=$1
  for node in primary standby replica; do
    local state
    state=$(sql "$dir" "$node" "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby, replay lag ' || coalesce(CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END, 0)::numeric(10,3) || ' s' || CASE WHEN pg_is_wal_replay_paused() THEN ' (paused)' ELSE '' END ELSE 'primary' END")
    echo "$node :$(port_of "$dir" "$node") ${state:-down}"
  done
}

[ $# -ge 1 ] || usage
command=$1; shift
case "$command" in
  run)
    [ "${1:-}" = "--" ] && shift
    [ $# -ge 1 ] || usage
    dir=$(mktemp -d /tmp/posttrace-ha.XXXXXX)
    trap 'cmd_stop "$dir"' EXIT INT TERM
    cmd_start "$dir"
    set -a; . "$dir/env"; set +a
    export PG_HA_DIR=$dir
    set +e; "$@"; status=$?; set -e
    exit $status ;;
  start|stop|status|kill-primary|promote|pause-replica|resume-replica)
    [ $# -eq 1 ] || usage
    dir=$1 ;;
  *) usage ;;
esac
case "$command" in
  start) cmd_start "$dir" ;;
  stop) cmd_stop "$dir" ;;
  status) cmd_status "$dir" ;;
  kill-primary) as_owner "$PGBIN/pg_ctl" -D "$dir/primary" -m immediate -w stop >/dev/null </dev/null ;;
  promote) as_owner "$PGBIN/pg_ctl" -D "$dir/standby" -w -t 60 promote >/dev/null </dev/null || fail "promotion failed" "$dir/standby.log" ;;
  pause-replica) sql "$dir" replica "SELECT pg_wal_replay_pause()" >/dev/null ;;
  resume-replica) sql "$dir" replica "SELECT pg_wal_replay_resume()" >/dev/null ;;
esac
