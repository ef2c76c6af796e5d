#!/usr/bin/env bash
# Delivery estimates judged as forecasts against the simulator's later truth (Benchmarks/EstimateBench.swift).
# Prints one Markdown section: the fixed seed, then the same evaluation on a second seed (held-out journeys);
# $BENCH_BIN is the release Benchmarks binary (set by scripts/bench.sh).
set -euo pipefail
: "${BENCH_BIN:?run through scripts/bench.sh or set BENCH_BIN}"
"$BENCH_BIN" estimates "$@"
echo
"$BENCH_BIN" estimates --seed 7 "$@"
