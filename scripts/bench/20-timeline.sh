#!/usr/bin/env bash
# Timeline derivation, JSON encoding and the journey simulator (Benchmarks/TimelineBench.swift).
# Prints one Markdown section; $BENCH_BIN is the release Benchmarks binary (set by scripts/bench.sh).
set -euo pipefail
: "${BENCH_BIN:?run through scripts/bench.sh or set BENCH_BIN}"
"$BENCH_BIN" timeline "$@"
