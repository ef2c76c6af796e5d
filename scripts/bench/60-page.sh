#!/usr/bin/env bash
# Web page (issue 7): server time of a 30-event parcel page vs the JSON encoding of the same timeline.
# Prints a Markdown section on stdout. Needs BENCH_BIN (set by scripts/bench.sh) or builds it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${BENCH_BIN:-}"
if [ -z "$BIN" ]; then
  swift build -c release --product Benchmarks >&2
  BIN="$PWD/.build/release/Benchmarks"
fi
"$BIN" page --iterations "${PAGE_ITERATIONS:-3000}"
