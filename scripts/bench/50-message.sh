#!/usr/bin/env bash
# Scam-message checker: precision/recall on the labelled corpus and throughput. No external peer exists.
set -euo pipefail
cd "$(dirname "$0")/../.."
"${BENCH_BIN:-.build/release/Benchmarks}" message --corpus Tests/MessageCheckTests/Fixtures/messages/corpus.jsonl --seconds "${MESSAGE_BENCH_SECONDS:-2}"
