#!/usr/bin/env bash
# S10 validation: Swift library and CLI against Python's tracking-numbers on the same input files.
# Builds nothing: scripts/bench.sh has already run `swift build -c release` and set BENCH_BIN,
# POSTTRACE_BIN and BENCH_WORK. Prints one Markdown section on stdout; progress goes to stderr.
set -euo pipefail
: "${BENCH_BIN:?run through scripts/bench.sh}" "${POSTTRACE_BIN:?}" "${BENCH_WORK:?}"
COUNT="${S10_BENCH_COUNT:-200000}"  # the Python peer reads them twice per API at about 100k/s
work="$BENCH_WORK/s10"
rm -rf "$work" && mkdir -p "$work"

"$BENCH_BIN" s10 write-inputs "$work" "$COUNT"

# The peer, in a throwaway virtual environment.
python3 -m venv "$work/venv" >&2
"$work/venv/bin/pip" install --quiet --disable-pip-version-check tracking-numbers==0.1.8 >&2
read -r peer_any peer_s10 < <("$work/venv/bin/python" - "$work/valid.txt" <<'PY'
import sys, time
from tracking_numbers import get_definition, get_tracking_number
numbers = open(sys.argv[1]).read().split()
s10 = get_definition("S10")
def rate(check):
    best = 0.0
    for _ in range(2):
        start = time.perf_counter()
        ok = sum(1 for n in numbers if check(n))
        best = max(best, len(numbers) / (time.perf_counter() - start))
    assert ok == len(numbers), f"peer rejected {len(numbers) - ok} valid numbers"
    return best
any_rate = rate(lambda n: get_tracking_number(n) is not None)
s10_rate = rate(lambda n: (t := s10.test(n)) is not None and t.valid)
print(f"{any_rate:.0f} {s10_rate:.0f}")
PY
)

# The CLI: one million lines (the input file five times) to /dev/null.
lines_per_second() {
  local file="$1" big="$work/cli-input.txt"
  for _ in 1 2 3 4 5; do cat "$file"; done > "$big"
  local n start end
  n=$(wc -l < "$big")
  start=$(date +%s%N)
  "$POSTTRACE_BIN" validate < "$big" > /dev/null || true   # exit 1 when some lines are invalid
  end=$(date +%s%N)
  echo $(( n * 1000000000 / (end - start) ))
}
cli_valid=$(lines_per_second "$work/valid.txt")
cli_mixed=$(lines_per_second "$work/mixed.txt")

# Heap allocations per canonical validation, when heaptrack is there: the difference between 1,000 and
# 1,000,000 validations (one-time set-up, such as the country table, cancels out). Valgrind cannot run Swift here.
extra=()
if command -v heaptrack > /dev/null; then
  heap() {
    heaptrack -o "$work/heap-$1" "$BENCH_BIN" s10 alloc-probe "$work/valid.txt" "$1" 2>&1 \
      | sed -n 's/^[[:space:]]*allocations:[[:space:]]*\([0-9]*\).*/\1/p'
  }
  a0=$(heap 1000); a1=$(heap 1000000)
  if [ -n "$a0" ] && [ -n "$a1" ]; then
    extra+=(--allocs "$(awk -v a="$a0" -v b="$a1" 'BEGIN { printf "%.6f", (b - a) / 999000 }')")
  fi
  rm -f "$work"/heap-*
fi

"$BENCH_BIN" s10 report "$work" --peer-any "$peer_any" --peer-s10 "$peer_s10" \
  --cli-valid "$cli_valid" --cli-mixed "$cli_mixed" "${extra[@]}"
rm -rf "$work/venv" "$work/cli-input.txt"
