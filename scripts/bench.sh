#!/usr/bin/env bash
# Runs every benchmark part in scripts/bench/ (in name order) and rewrites BENCHMARKS.md.
# Each part prints a Markdown section on stdout; peers are measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >&2
export BENCH_BIN="$PWD/.build/release/Benchmarks" POSTTRACE_BIN="$PWD/.build/release/posttrace"
export BENCH_WORK="$PWD/bench-work"
mkdir -p "$BENCH_WORK"
out=$(mktemp)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d). Every ratio compares figures measured in the same run."
  echo
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "- Toolchain: $(swift --version 2>&1 | head -1)"
  echo "- Command: \`make bench\`"
  echo
} > "$out"
for part in scripts/bench/*.sh; do
  [ -e "$part" ] || continue
  echo "bench: $part" >&2
  bash "$part" >> "$out"
  echo >> "$out"
done
mv "$out" BENCHMARKS.md
echo "bench: wrote BENCHMARKS.md" >&2
