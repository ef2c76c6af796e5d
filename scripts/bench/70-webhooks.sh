#!/usr/bin/env bash
# Webhooks: signing one delivery against Python's json + hmac on the same payload, and the insert-path cost of
# the durable outbox (Benchmarks/WebhookBench.swift). Prints one Markdown section; progress goes to stderr.
set -euo pipefail
: "${BENCH_BIN:?run through scripts/bench.sh or set BENCH_BIN}"
payload=$("$BENCH_BIN" webhook --write-payload)
peer=$(python3 - "$payload" <<'PY'
import hashlib, hmac, json, sys, time
doc = json.loads(sys.argv[1])
secret = b"whsec_0123456789abcdef0123456789abcdef"
def once():
    body = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    mac = hmac.new(secret, b"1780000000." + body, hashlib.sha256).hexdigest()
    return "t=1780000000,v1=" + mac
n, best = 50000, 0.0
for _ in range(3):
    start = time.perf_counter()
    for _ in range(n): once()
    best = max(best, n / (time.perf_counter() - start))
print(f"{best:.0f}")
PY
)
"$BENCH_BIN" webhook --peer-sign "$peer" "$@"
