#!/usr/bin/env bash
# Scam-message checker: recall, false alarms and precision per language on the held-out and tuning corpora,
# and throughput. No external peer exists.
set -euo pipefail
cd "$(dirname "$0")/../.."
"${BENCH_BIN:-.build/release/Benchmarks}" message --fixtures Tests/MessageCheckTests/Fixtures/messages --seconds "${MESSAGE_BENCH_SECONDS:-2}"
