#!/usr/bin/env bash
# `make soak`: SOAK_SECONDS (default 300) of a mixed workload (scripts/soak.py) against the release build of
# `posttrace serve` over a SQLite store of 10,000 simulated items, with a slow and a failing webhook receiver.
# Prints requests, errors, p50/p99 per kind and RSS every 10 s; writes .build/soak/report.json.
# Exit 1 when an answer was an unintended error or RSS grew 5 % or more after the first minute.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SOAK_SECONDS:-300}
workers=${SOAK_WORKERS:-4}
mix=${SOAK_MIX:-full}   # read: lookups, pages and checks only (no new data), to tell a leak from a growing store
binary=.build/release/posttrace
if [[ ! -x $binary || -n "$(find Sources -newer "$binary" -name '*.swift' -print -quit)" ]]; then
    swift build -c release --product posttrace
fi
out=.build/soak
rm -rf "$out"; mkdir -p "$out"
server=""
cleanup() { if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT

"$binary" demo-data --items 10000 --seed 15 > "$out/demo.ndjson"
"$binary" import "$out/demo.ndjson" --db "$out/soak.db" > /dev/null
sed -n 's/.*"number":"\([A-Z0-9]*\)".*/\1/p' "$out/demo.ndjson" | sort -u > "$out/numbers.txt"
key=$("$binary" keys create --name soak --scope admin --db "$out/soak.db" 2>/dev/null | sed -n 's/^secret: *//p')

POSTTRACE_WEBHOOK_ALLOW_LOOPBACK=1 "$binary" serve --db "$out/soak.db" --host 127.0.0.1 --port 0 --no-access-log \
    --rate-limit 0 --key-rate-limit 0 --webhook-retry 5:60:600 > "$out/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on .*(port \([0-9]*\)).*/\1/p' "$out/serve.log" | head -1)
    [[ -n $port ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
[[ -n $port ]] || { echo "soak: the server did not start" >&2; cat "$out/serve.log" >&2; exit 2; }

echo "soak: ${seconds}s, $workers workers, $mix mix, release build on port $port; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
python3 scripts/soak.py --port "$port" --pid "$server" --key "$key" --numbers "$out/numbers.txt" \
    --seconds "$seconds" --workers "$workers" --mix "$mix" --report "$out/report.json" || status=$?
echo "soak: load at the end $(cut -d' ' -f1-3 /proc/loadavg); report in $out/report.json" >&2
kill -0 "$server" 2>/dev/null || { echo "soak: the server died" >&2; tail -20 "$out/serve.log" >&2; exit 1; }
exit $status
