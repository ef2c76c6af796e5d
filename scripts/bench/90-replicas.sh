#!/usr/bin/env bash
# PostgreSQL past one machine: lookups with reads on a replica against the primary alone, and failover time from
# killing the primary to the first acknowledged write. Prints one Markdown section on stdout.
# Run through scripts/bench.sh (it builds release and sets POSTTRACE_BIN and BENCH_WORK), or alone:
#   POSTTRACE_BIN=.build/release/posttrace BENCH_WORK=bench-work bash scripts/bench/90-replicas.sh
#
# Everything runs on this one machine (scripts/pg-ha-cluster.sh: primary, synchronous standby, replica cascading
# from the standby), so the replica shares the cores with the primary and the server: the figures show what routing
# reads to a replica costs per lookup, not how far replicas on their own machines scale.
set -euo pipefail
: "${POSTTRACE_BIN:?run through scripts/bench.sh}" "${BENCH_WORK:?}"
ITEMS="${REPLICA_BENCH_ITEMS:-20000}"
DURATION="${REPLICA_BENCH_DURATION:-10s}"
TRIALS="${REPLICA_BENCH_FAILOVERS:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
ha="$root/scripts/pg-ha-cluster.sh"
work="$BENCH_WORK/replicas"
mkdir -p "$work"
formation="$work/formation"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; bash "$ha" stop "$formation" >/dev/null 2>&1 || true; }
trap cleanup EXIT

start_formation() {
  bash "$ha" stop "$formation" >/dev/null 2>&1 || true
  bash "$ha" start "$formation" >"$work/formation.log" 2>&1 </dev/null || { cat "$work/formation.log" >&2; exit 70; }
  set -a; . "$formation/env"; set +a
}
start_server() {  # start_server ARGS… → port, server_pid
  "$POSTTRACE_BIN" serve "$@" --port 0 --rate-limit 0 --key-rate-limit 0 --no-access-log --threads 2 \
    >"$work/serve.out" 2>"$work/serve.err" </dev/null &
  server_pid=$!
  for _ in $(seq 300); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
  [ -n "$port" ] || { cat "$work/serve.err" >&2; exit 70; }
}
stop_server() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# 1. The formation, loaded through bulk import on the primary; the replica has it once its lag is 0.
echo "replica bench: formation and $ITEMS items" >&2
start_formation
"$POSTTRACE_BIN" demo-data --items "$ITEMS" --seed 90 >"$work/events.ndjson"
"$POSTTRACE_BIN" import "$work/events.ndjson" --db "$PG_HA_PRIMARY_URL" >"$work/import.log" 2>&1
sed -n 's/^{"number":"\([A-Z0-9]*\)".*/\1/p' "$work/events.ndjson" | uniq >"$work/numbers.txt"
events=$(wc -l <"$work/events.ndjson")
for _ in $(seq 100); do
  [ "$(psql -X -A -t -q "$PG_HA_REPLICA_URL" -c "SELECT count(*) FROM items")" = "$(wc -l <"$work/numbers.txt")" ] && break
  sleep 0.2
done

# 2. Lookups: the same random known numbers, the primary alone, then a replica taking the reads.
cat >"$work/lookup.lua" <<'LUA'
local numbers = {}
for line in io.lines(os.getenv("BENCH_NUMBERS")) do numbers[#numbers + 1] = line end
math.randomseed(90)
request = function() return wrk.format("GET", "/v1/trackings/" .. numbers[math.random(#numbers)]) end
LUA
export BENCH_NUMBERS="$work/numbers.txt"
rps() { echo "$1" | awk '/Requests\/sec/ { printf "%.0f", $2 }'; }
p50() { echo "$1" | awk '$1 == "50%" { print $2 }'; }
p99() { echo "$1" | awk '$1 == "99%" { print $2 }'; }
non2xx() { echo "$1" | awk '/Non-2xx/ { n = $NF } END { print n + 0 }'; }
replica_reads() { psql -X -A -t -q "$PG_HA_REPLICA_URL" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'posttrace'"; }
echo "replica bench: lookups ($DURATION each)" >&2
start_server --db "$PG_HA_MULTI_URL"
primary_only=$(wrk -t2 -c64 -d"$DURATION" --latency -s "$work/lookup.lua" "http://127.0.0.1:$port" 2>&1)
stop_server
start_server --db "$PG_HA_MULTI_URL" --db-read "$PG_HA_REPLICA_URL"
before=$(replica_reads)
with_replica=$(wrk -t2 -c64 -d"$DURATION" --latency -s "$work/lookup.lua" "http://127.0.0.1:$port" 2>&1)
replica_commits=$(( $(replica_reads) - before ))
lag_line=$(curl -s "http://127.0.0.1:$port/metrics" | grep '^posttrace_replica_lag_seconds' || true)
stop_server

# 3. Failover: a client acknowledging one small batch after another; the primary is killed and the standby promoted
#    at once (as a failover manager would after it decided; its detection time comes on top), TRIALS times, each on
#    a fresh formation. Measured: kill to the first 200 afterwards, the 503s meanwhile, and any other status.
failover_rows=""
for trial in $(seq "$TRIALS"); do
  echo "replica bench: failover $trial of $TRIALS" >&2
  [ "$trial" = 1 ] || start_formation
  key=$("$POSTTRACE_BIN" keys create --name bench --scope ingest --db "$PG_HA_MULTI_URL" | sed -n 's/^secret: //p')
  start_server --db "$PG_HA_MULTI_URL" --db-read "$PG_HA_REPLICA_URL"
  result=$(python3 - "$port" "$key" "$work/events.ndjson" "$ha" "$formation" <<'PY'
import sys, time, http.client, subprocess, threading
port, key, path, ha, formation = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
lines = open(path, "rb").read().splitlines()
statuses, acked_after_kill, kill_at = {}, [], [None]
def post(body):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("POST", "/v1/events", body, {"Authorization": "Bearer " + key, "Content-Type": "application/x-ndjson"})
        r = c.getresponse(); r.read(); c.close(); return r.status
    except OSError:
        return 0
def client():
    i = 0
    while True:
        sent = time.monotonic()
        status = post(b"\n".join(lines[i:i + 10]))
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            i = (i + 10) % len(lines)
            # Only a batch sent once the primary was gone counts: one sent before may have committed there.
            if kill_at[0] is not None and sent > kill_at[0]:
                acked_after_kill.append(time.monotonic()); return
t = threading.Thread(target=client, daemon=True); t.start()
time.sleep(2)
subprocess.run(["bash", ha, "kill-primary", formation], check=True)
kill_at[0] = time.monotonic()  # pg_ctl -m immediate -w has returned: the primary is gone
subprocess.run(["bash", ha, "promote", formation], check=True)
promoted = time.monotonic() - kill_at[0]
t.join(120)
first = acked_after_kill[0] - kill_at[0] if acked_after_kill else float("nan")
others = sum(n for s, n in statuses.items() if s not in (200, 503))
print("%.2f %.2f %d %d %d" % (first, promoted, statuses.get(503, 0), others, statuses.get(200, 0)))
PY
)
  stop_server
  read -r first promoted unavailable others acknowledged <<<"$result"
  failover_rows+="| $trial | $first s | $promoted s | $unavailable | $others | $acknowledged |"$'\n'
done

cat <<EOF
## PostgreSQL past one machine: read replica and failover (scripts/bench/90-replicas.sh)

One machine: a primary, a synchronous standby and an asynchronous replica cascading from it
(\`scripts/pg-ha-cluster.sh\`), $ITEMS items ($events events), \`posttrace serve --threads 2\` on the
multi-host URL. The replica shares the two cores with the primary, the server and wrk, so these figures show
what reading from a replica costs per lookup; on separate machines each replica adds its own capacity.

| lookups, \`wrk -t2 -c64 -d$DURATION\`, random known numbers | req/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
| primary alone (\`--db\` only) | $(rps "$primary_only") | $(p50 "$primary_only") | $(p99 "$primary_only") | $(non2xx "$primary_only") |
| reads on the replica (\`--db-read\`) | $(rps "$with_replica") | $(p50 "$with_replica") | $(p99 "$with_replica") | $(non2xx "$with_replica") |

During the replica run the replica committed $replica_commits read transactions (pg_stat_database), so the lookups
were answered there; \`/metrics\` read afterwards: \`${lag_line:-none}\`.

Failover under ingestion (batches of 10 events in a loop; the primary killed with \`pg_ctl -m immediate\`, the
standby promoted at once with \`pg_ctl promote\`, so a failover manager's detection time comes on top):

| trial | primary gone → first write acknowledged | primary gone → promotion done | 503 answers | other non-200 | batches acknowledged |
|---|---|---|---|---|---|
${failover_rows}
EOF
