#!/usr/bin/env bash
# HTTP server: lookups with wrk against `posttrace serve`, nginx serving a static file of the same size in the
# same run, and ingestion through POST /v1/events in batches of 1,000. Prints one Markdown section on stdout.
# Run through scripts/bench.sh (it builds release and sets POSTTRACE_BIN and BENCH_WORK).
#
# The store: the SQLite store when this build has one (the lookup database is cached under $BENCH_WORK/server),
# else the in-memory store. Events are generated here and loaded through the API itself, so the script needs
# nothing but the built binary, python3, wrk and nginx.
set -euo pipefail
: "${POSTTRACE_BIN:?run through scripts/bench.sh}" "${BENCH_WORK:?}"
# 1M items / 10M events with a persistent store (the issue's size); 100k / 1M when only memory is available.
if "$POSTTRACE_BIN" serve --help 2>&1 | grep -i "sqlite" > /dev/null; then persistent=1; else persistent=0; fi
ITEMS="${SERVER_BENCH_ITEMS:-$([ "$persistent" = 1 ] && echo 1000000 || echo 100000)}"  # each gets EVENTS_PER_ITEM events
EVENTS_PER_ITEM="${SERVER_BENCH_EVENTS_PER_ITEM:-10}"
DURATION="${SERVER_BENCH_DURATION:-10s}"
work="$BENCH_WORK/server"
mkdir -p "$work/www"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# 1. Events and numbers, generated once per size and cached.
events="$work/events-$ITEMS-$EVENTS_PER_ITEM.ndjson" numbers="$work/numbers-$ITEMS.txt"
if [ ! -s "$events" ] || [ ! -s "$numbers" ]; then
  echo "server bench: generating $ITEMS items × $EVENTS_PER_ITEM events" >&2
  python3 - "$ITEMS" "$EVENTS_PER_ITEM" "$events" "$numbers" <<'PY'
import sys, random
items, per, events_path, numbers_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
W = [8, 6, 4, 2, 3, 5, 9, 7]
def check(serial):
    c = 11 - sum(int(d) * w for d, w in zip(f"{serial:08d}", W)) % 11
    return 0 if c == 10 else 5 if c == 11 else c
codes = ["EMA", "EMB", "EXA", "EMC", "EMJ", "EMK", "EMD", "EDB", "EME", "EDC", "EMF", "EMG", "EDG", "EMI"]
random.seed(40)
with open(events_path, "w") as ev, open(numbers_path, "w") as nu:
    for i in range(items):
        serial = 10_000_000 + i * 13 % 89_999_999
        number = f"{['RR','EE','LX','CP'][i % 4]}{serial:08d}{check(serial)}{['CN','DE','US','FR','GB'][i % 5]}"
        nu.write(number + "\n")
        t = 1_770_000_000 + random.randrange(0, 20_000_000)
        for k in range(per):
            t += 3600 * (1 + k)
            day, rest = divmod(t, 86400)
            # Civil date from days (Howard Hinnant), to stay free of time zone libraries.
            z = day + 719468; era = z // 146097; doe = z - era * 146097
            yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
            doy = doe - (365 * yoe + yoe // 4 - yoe // 100); mp = (5 * doy + 2) // 153
            d = doy - (153 * mp + 2) // 5 + 1; m = mp + 3 if mp < 10 else mp - 9; y = yoe + era * 400 + (m <= 2)
            ev.write('{"number":"%s","code":"%s","time":"%04d-%02d-%02dT%02d:%02d:%02dZ","office":"%sAAA%d","source":"bench"}\n'
                     % (number, codes[k % len(codes)], y, m, d, rest // 3600, rest % 3600 // 60, rest % 60, number[-2:], k))
PY
fi

# 2. Servers. With a persistent store the lookup database is built once (through the API) and cached; ingestion
#    is measured on a fresh database each run. With the memory store one server does both.
start_server() {  # start_server DB-ARGS… → sets port, key, server_pid
  rm -f "$work/serve.out"
  "$POSTTRACE_BIN" serve "$@" --port 0 --rate-limit 0 --key-rate-limit 0 --no-access-log --threads 2 \
    > "$work/serve.out" 2> "$work/serve.err" &
  server_pid=$!; pids+=("$server_pid")
  for _ in $(seq 300); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.out")
  key=$(sed -n 's/.*admin key for this run (memory store): //p' "$work/serve.out")
  if [ -z "$key" ]; then key=$("$POSTTRACE_BIN" keys create --name bench --scope ingest "$@" | sed -n 's/^secret: //p'); fi
}
stop_server() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
ingest() {  # ingest FILE MAX-EVENTS → prints "events seconds"
  python3 - "$port" "$key" "$1" "$2" <<'PY'
# Four client processes (not threads: the GIL would make the client the bottleneck), keep-alive each.
import sys, time, http.client, multiprocessing
port, key, path, limit = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
lines = []
with open(path, "rb") as f:
    for line in f:
        lines.append(line)
        if len(lines) >= limit: break
batches = [b"".join(lines[i:i + 1000]) for i in range(0, len(lines), 1000)]
def post(part):
    c = http.client.HTTPConnection("127.0.0.1", port)
    for body in part:
        c.request("POST", "/v1/events", body, {"Content-Type": "application/x-ndjson", "Authorization": "Bearer " + key})
        r = c.getresponse(); data = r.read()
        assert r.status == 200, (r.status, data[:300])
    return len(part)
if __name__ == "__main__":
    start = time.perf_counter()
    with multiprocessing.Pool(4) as pool:
        pool.map(post, [batches[k::4] for k in range(4)])
    print(len(lines), time.perf_counter() - start)
PY
}

if [ "$persistent" = 1 ]; then
  lookup_db="$work/lookup-$ITEMS-$EVENTS_PER_ITEM.db"
  store_note="SQLite store, built once through the API and cached ($lookup_db)"
  if [ ! -e "$lookup_db.complete" ]; then
    echo "server bench: building $lookup_db through the API (once)" >&2
    rm -f "$lookup_db" "$lookup_db-wal" "$lookup_db-shm"
    start_server --db "$lookup_db"; ingest "$events" 999999999 > /dev/null; stop_server
    touch "$lookup_db.complete"
  fi
  echo "server bench: ingestion into a fresh SQLite database" >&2
  rm -f "$work/ingest.db" "$work/ingest.db-wal" "$work/ingest.db-shm"
  start_server --db "$work/ingest.db"
  read -r ingested ingest_seconds < <(ingest "$events" "${SERVER_BENCH_INGEST_EVENTS:-500000}")
  stop_server
  # A lane table in this build's format, built now: serve would otherwise rebuild it at start when the saved one is
  # older than an hour or of another format (minutes of CPU and over a GB over 1M items), during the measurements.
  echo "server bench: lanes refresh on the lookup database" >&2
  "$POSTTRACE_BIN" lanes refresh --db "$lookup_db" > /dev/null
  start_server --db "$lookup_db"
else
  store_note="in-memory store (this build has no persistent store)"
  start_server --db memory
  echo "server bench: ingesting through POST /v1/events" >&2
  read -r ingested ingest_seconds < <(ingest "$events" 999999999)
fi
ingest_rate=$(awk -v n="$ingested" -v s="$ingest_seconds" 'BEGIN { printf "%.0f", n / s }')

# 4. Lookups of random known numbers with wrk, and nginx serving one timeline's bytes as a static file.
sample=$(head -1 "$numbers")
curl -s "http://127.0.0.1:$port/v1/trackings/$sample" > "$work/www/timeline.json"
body_bytes=$(wc -c < "$work/www/timeline.json")
# wrk's Lua holds the numbers it draws from: every tenth known number (100,000, spread over the whole store).
# With all 1M in its table, the Lua garbage collector's pauses stalled wrk itself and made up most of the p99.
awk 'NR % 10 == 1' "$numbers" > "$work/lookup-numbers.txt"
cat > "$work/lookup.lua" <<'LUA'
local numbers = {}
for line in io.lines(os.getenv("BENCH_NUMBERS")) do numbers[#numbers + 1] = line end
-- Each wrk thread draws its own sequence (with one seed both would ask for the same numbers in step).
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
init = function(args) math.randomseed(40 + (id or 0)) end
request = function() return wrk.format("GET", "/v1/trackings/" .. numbers[math.random(#numbers)]) end
LUA
# The same draws from a client that takes gzip (a browser, curl --compressed, most HTTP libraries).
sed 's|numbers\[math.random(#numbers)\])|numbers[math.random(#numbers)], { ["Accept-Encoding"] = "gzip" })|' \
  "$work/lookup.lua" > "$work/lookup-gzip.lua"
# People refreshing their own parcels: the same 100,000 numbers drawn from Zipf(1.0) (the k-th number with
# weight 1/k), by binary search in the cumulative weights.
cat > "$work/lookup-zipf.lua" <<'LUA'
local numbers, cdf = {}, {}
for line in io.lines(os.getenv("BENCH_NUMBERS")) do numbers[#numbers + 1] = line end
local total = 0
for k = 1, #numbers do total = total + 1 / k; cdf[k] = total end
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
init = function(args) math.randomseed(40 + (id or 0)) end
local function draw()
  local u, lo, hi = math.random() * total, 1, #numbers
  while lo < hi do local mid = math.floor((lo + hi) / 2); if cdf[mid] < u then lo = mid + 1 else hi = mid end end
  return numbers[lo]
end
request = function() return wrk.format("GET", "/v1/trackings/" .. draw()) end
LUA
sed 's|"/v1/trackings/" .. draw())|"/v1/trackings/" .. draw(), { ["Accept-Encoding"] = "gzip" })|' \
  "$work/lookup-zipf.lua" > "$work/lookup-zipf-gzip.lua"
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<NGINX
daemon off; user root; worker_processes 2; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; default_type application/json;
  # Used only by the gzip run (wrk sends no Accept-Encoding otherwise): compress each answer, as we do.
  gzip on; gzip_comp_level 1; gzip_min_length 1024; gzip_types application/json;
  server { listen 127.0.0.1:$nginx_port; root $work/www; location / { try_files /timeline.json =404; } } }
NGINX
nginx -c "$work/nginx.conf" -p "$work" 2> "$work/nginx-start.err" &
nginx_master=$!  # daemon off: this is the master; its workers are its children
pids+=("$nginx_master")
sleep 0.5
run_wrk() { wrk -t2 -c64 -d"$DURATION" --latency "$@" 2>&1; }
# CPU time (user + sys, clock ticks) of processes: a per-request cost that other load on the machine barely moves,
# unlike requests/s when other builds share the cores.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
nginx_workers=$(ps -o pid= --ppid "$nginx_master" | tr '\n' ' ')
echo "server bench: wrk against posttrace and nginx ($DURATION each)" >&2
# measure NAME "PIDS" WRK-ARGS…: wrk's report in $NAME, the CPU ticks PIDS spent meanwhile in ${NAME}_cpu.
measure() {
  local name=$1 pids=$2 before; shift 2
  before=$(cpu_ticks $pids)
  printf -v "$name" '%s' "$(run_wrk "$@")"
  printf -v "${name}_cpu" '%s' $(( $(cpu_ticks $pids) - before ))
}
export BENCH_NUMBERS="$work/lookup-numbers.txt"
# The answer cache's counters around a run give its hit rate.
cache_metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="posttrace_answer_cache_$1" '$1 == m { print $2 }'; }
hit_rate() { awk -v h="$(( ${2:-0} - ${1:-0} ))" -v m="$(( ${4:-0} - ${3:-0} ))" 'BEGIN { printf "%.0f %%", (h + m > 0 ? 100 * h / (h + m) : 0) }'; }
uhits0=$(cache_metric hits_total) umisses0=$(cache_metric misses_total)
measure ours "$server_pid" -s "$work/lookup.lua" "http://127.0.0.1:$port"
uhits1=$(cache_metric hits_total) umisses1=$(cache_metric misses_total)
# The same client for both: nginx answers every one of those URLs with the static file.
measure theirs "$nginx_master $nginx_workers" -s "$work/lookup.lua" "http://127.0.0.1:$nginx_port"
# Clients that take gzip, against nginx compressing its file on each request at the same level.
measure ours_gzip "$server_pid" -s "$work/lookup-gzip.lua" "http://127.0.0.1:$port"
measure theirs_gzip "$nginx_master $nginx_workers" -s "$work/lookup-gzip.lua" "http://127.0.0.1:$nginx_port"
gzip_bytes=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/v1/trackings/$sample" | wc -c)
nginx_gzip_bytes=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port/v1/trackings/$sample" | wc -c)
# Zipf draws, plain and gzip, against nginx with the same client.
hits0=$(cache_metric hits_total) misses0=$(cache_metric misses_total)
measure ours_zipf "$server_pid" -s "$work/lookup-zipf.lua" "http://127.0.0.1:$port"
hits1=$(cache_metric hits_total) misses1=$(cache_metric misses_total)
measure theirs_zipf "$nginx_master $nginx_workers" -s "$work/lookup-zipf.lua" "http://127.0.0.1:$nginx_port"
measure ours_zipf_gzip "$server_pid" -s "$work/lookup-zipf-gzip.lua" "http://127.0.0.1:$port"
measure theirs_zipf_gzip "$nginx_master $nginx_workers" -s "$work/lookup-zipf-gzip.lua" "http://127.0.0.1:$nginx_port"
cache_bytes=$(cache_metric bytes) cache_capacity=$(cache_metric capacity_bytes)
# The HTTP layer alone: /healthz does no store work and has a 15-byte body.
measure floor "$server_pid" "http://127.0.0.1:$port/healthz"
rps() { echo "$1" | awk '/Requests\/sec/ { printf "%.0f", $2 }'; }
p99() { echo "$1" | awk '$1 == "99%" { print $2 }'; }
errors() { echo "$1" | awk '/Non-2xx/ { print $NF }'; }
ours_rps=$(rps "$ours") theirs_rps=$(rps "$theirs")
non2xx=$(errors "$ours"); non2xx=${non2xx:-0}
ratio=$(awk -v a="$ours_rps" -v b="$theirs_rps" 'BEGIN { printf "%.2f", a / b }')
requests() { echo "$1" | awk '/requests in/ { print $1 }'; }
hz=$(getconf CLK_TCK)
per_request_us() { awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }'; }
ours_us=$(per_request_us "$ours_cpu" "$(requests "$ours")") theirs_us=$(per_request_us "$theirs_cpu" "$(requests "$theirs")")
cpu_ratio=$(awk -v a="$ours_us" -v b="$theirs_us" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
gzip_rps=$(rps "$ours_gzip") theirs_gzip_rps=$(rps "$theirs_gzip")
gzip_ratio=$(awk -v a="$gzip_rps" -v b="$theirs_gzip_rps" 'BEGIN { printf "%.2f", a / b }')
gzip_us=$(per_request_us "$ours_gzip_cpu" "$(requests "$ours_gzip")") theirs_gzip_us=$(per_request_us "$theirs_gzip_cpu" "$(requests "$theirs_gzip")")
floor_rps=$(rps "$floor") floor_us=$(per_request_us "$floor_cpu" "$(requests "$floor")")
floor_ratio=$(awk -v a="$floor_rps" -v b="$theirs_rps" 'BEGIN { printf "%.2f", a / b }')
uniform_hit_rate=$(hit_rate "$uhits0" "$uhits1" "$umisses0" "$umisses1")
zipf_hit_rate=$(hit_rate "$hits0" "$hits1" "$misses0" "$misses1")
zipf_rps=$(rps "$ours_zipf") theirs_zipf_rps=$(rps "$theirs_zipf")
zipf_ratio=$(awk -v a="$zipf_rps" -v b="$theirs_zipf_rps" 'BEGIN { printf "%.2f", a / b }')
zipf_us=$(per_request_us "$ours_zipf_cpu" "$(requests "$ours_zipf")") theirs_zipf_us=$(per_request_us "$theirs_zipf_cpu" "$(requests "$theirs_zipf")")
zipf_gzip_rps=$(rps "$ours_zipf_gzip") theirs_zipf_gzip_rps=$(rps "$theirs_zipf_gzip")
zipf_gzip_ratio=$(awk -v a="$zipf_gzip_rps" -v b="$theirs_zipf_gzip_rps" 'BEGIN { printf "%.2f", a / b }')
zipf_gzip_us=$(per_request_us "$ours_zipf_gzip_cpu" "$(requests "$ours_zipf_gzip")")
theirs_zipf_gzip_us=$(per_request_us "$theirs_zipf_gzip_cpu" "$(requests "$theirs_zipf_gzip")")
zipf_non2xx=$(errors "$ours_zipf"); zipf_non2xx=${zipf_non2xx:-0}
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status")
anon_kb=$(awk '/RssAnon/ { print $2 }' "/proc/$server_pid/status")
items_stored=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^posttrace_items_stored/ { print $2 }')
events_stored=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^posttrace_events_stored/ { print $2 }')

cat <<MD
## HTTP server (scripts/bench/40-server.sh)

Store: $store_note, $items_stored items / $events_stored events loaded through the API. Response body: $body_bytes bytes (one timeline).

| Measure | PostTrace | Peer (same run) | Ratio | Goal |
|---|---|---|---|---|
| \`GET /v1/trackings/{number}\`, known numbers drawn uniformly from 100,000, \`wrk -t2 -c64 -d$DURATION\` (answer cache hit rate $uniform_hit_rate) | $ours_rps req/s | nginx answering the same URLs with a static file of the same size: $theirs_rps req/s | $ratio× | ≥ 0.5× |
| CPU time per request (server processes, user + sys; little moved by other load) | $ours_us µs | nginx: $theirs_us µs | $cpu_ratio× | |
| p99 latency | $(p99 "$ours") | nginx: $(p99 "$theirs") | | ≤ 10 ms |
| The same lookups from a client that takes gzip (\`Accept-Encoding: gzip\`; body $gzip_bytes bytes) | $gzip_rps req/s, $gzip_us µs CPU, p99 $(p99 "$ours_gzip") | nginx gzipping its file at the same level 1 ($nginx_gzip_bytes bytes): $theirs_gzip_rps req/s, $theirs_gzip_us µs CPU | $gzip_ratio× | |
| The same 100,000 numbers drawn from Zipf(1.0) (answer cache hit rate $zipf_hit_rate) | $zipf_rps req/s, $zipf_us µs CPU, p99 $(p99 "$ours_zipf") | nginx, same client: $theirs_zipf_rps req/s, $theirs_zipf_us µs CPU, p99 $(p99 "$theirs_zipf") | $zipf_ratio× | ≥ 0.9× |
| Zipf(1.0) from a client that takes gzip | $zipf_gzip_rps req/s, $zipf_gzip_us µs CPU, p99 $(p99 "$ours_zipf_gzip") | nginx gzipping at level 1: $theirs_zipf_gzip_rps req/s, $theirs_zipf_gzip_us µs CPU | $zipf_gzip_ratio× | |
| For scale: \`GET /healthz\`, the HTTP layer alone (no store, 15-byte body), same wrk | $floor_rps req/s, $floor_us µs CPU, p99 $(p99 "$floor") | nginx's file above: $theirs_rps req/s | $floor_ratio× | ≥ 1.0× |
| Non-2xx answers during the uniform and Zipf runs | $non2xx, $zipf_non2xx | | | 0 |
| Server RSS after the runs, answer cache holding $(( ${cache_bytes:-0} / 1048576 )) of $(( ${cache_capacity:-0} / 1048576 )) MiB (of which anonymous, i.e. not file pages) | $((rss_kb / 1024)) MB ($((anon_kb / 1024)) MB) | | | anonymous ≤ 64 MB |
| Ingestion, \`POST /v1/events\`, batches of 1,000 ($ingested events, 4 clients) | $ingest_rate events/s | | | ≥ 200,000/s with SQLite |

MD
# Where the CPU goes during Zipf lookups: perf's flat profile of the server (when perf may sample it).
if [ "${BENCH_PERF:-1}" = 1 ] && command -v perf > /dev/null \
   && perf record -q -F 499 -g -p "$server_pid" -o "$work/perf.data" -- sleep 0.1 > /dev/null 2>&1; then
  echo "server bench: perf profile of Zipf lookups" >&2
  ( run_wrk -s "$work/lookup-zipf.lua" "http://127.0.0.1:$port" > /dev/null ) &
  wrk_pid=$!
  sleep 2
  perf record -q -F 499 -g -p "$server_pid" -o "$work/perf.data" -- sleep 5 > /dev/null 2>&1 || true
  wait "$wrk_pid" || true
  echo "### Where the server's CPU goes (perf, Zipf lookups, self time, top 20 symbols)"
  echo
  echo '```'
  # Through a file: head closing the pipe early would fail the script under pipefail.
  perf report -i "$work/perf.data" --stdio --no-children --sort dso,symbol > "$work/perf.txt" 2> /dev/null || true
  grep -E '^ +[0-9.]+%' "$work/perf.txt" | sed -n '1,20p' \
    | { if command -v swift > /dev/null; then swift demangle --simplified; else cat; fi; } | sed 's/ *$//' | cut -c1-160
  echo '```'
  echo
fi
if [ "$persistent" = 1 ] && [ -n "${BENCH_BIN:-}" ]; then
  echo "server bench: a lookup's parts in process" >&2
  "$BENCH_BIN" lookup "$lookup_db" "$work/lookup-numbers.txt" 10000
  echo
fi
stop_server
