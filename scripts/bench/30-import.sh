#!/usr/bin/env bash
# Bulk import: `posttrace import` of a 1M-event CSV into SQLite (validating every line) side by side with
# the sqlite3 shell's `.import` of the same file into a plain table; then PostgreSQL import speed.
# Prints a Markdown section on stdout. IMPORT_ITEMS scales the file (default ≈ 1M events).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${POSTTRACE_BIN:-$PWD/.build/release/posttrace}
WORK=${BENCH_WORK:-$PWD/bench-work}/import
ITEMS=${IMPORT_ITEMS:-86000}
rm -rf "$WORK"; mkdir -p "$WORK"; chmod 755 "$WORK"
now() { date +%s.%N; }
csv="$WORK/events.csv"
"$BIN" demo-data --items "$ITEMS" --seed 1 --now 1790000000 --format csv > "$csv"
lines=$(($(wc -l < "$csv") - 1))

# Peer: the sqlite3 shell, no validation, no index, into a plain table.
t0=$(now); sqlite3 "$WORK/plain.db" ".mode csv" ".import $csv events"; t1=$(now)
peer=$(echo "$t1 - $t0" | bc -l)

t0=$(now); "$BIN" import "$csv" --db "$WORK/posttrace.db" 2> "$WORK/import.log" || true; t1=$(now)
ours=$(echo "$t1 - $t0" | bc -l)
summary=$(grep -o 'read .*rejected' "$WORK/import.log" | tail -1)
sqlite3 "$WORK/posttrace.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
events=$(sqlite3 "$WORK/posttrace.db" "SELECT count(*) FROM events")
bytes=$(stat -c %s "$WORK/posttrace.db")
plain_bytes=$(stat -c %s "$WORK/plain.db")

# Re-import: every line a duplicate.
t0=$(now); "$BIN" import "$csv" --db "$WORK/posttrace.db" 2> /dev/null || true; t1=$(now)
again=$(echo "$t1 - $t0" | bc -l)

# PostgreSQL: a throwaway cluster (fsync off, as in the test cluster).
pg=$(bash scripts/pg-test-cluster.sh bash -c '
  t0=$(date +%s.%N); "$0" import "$1" --db "$POSTTRACE_TEST_DATABASE_URL" 2>/dev/null || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l' "$BIN" "$csv" 2>/dev/null)

rate() { printf "%.0f" "$(echo "$1 / $2" | bc -l)"; }
echo "## Bulk import (scripts/bench/30-import.sh)"
echo
echo "Input: \`posttrace demo-data --items $ITEMS --format csv\`: $lines lines ($(du -h "$csv" | cut -f1)); $summary."
echo
echo "| what | time | lines/s | ratio to sqlite3 .import |"
echo "|---|---|---|---|"
printf "| sqlite3 shell \`.import\` into a plain table (no validation, no index) | %.2f s | %s | 1.00× |\n" "$peer" "$(rate "$lines" "$peer")"
printf "| \`posttrace import\` → SQLite (validate, dedupe, WAL, synchronous=FULL) | %.2f s | %s | %.2f× |\n" "$ours" "$(rate "$lines" "$ours")" "$(echo "$peer / $ours" | bc -l)"
printf "| \`posttrace import\` again (all duplicates) | %.2f s | %s | %.2f× |\n" "$again" "$(rate "$lines" "$again")" "$(echo "$peer / $again" | bc -l)"
printf "| \`posttrace import\` → PostgreSQL 15 (COPY + upsert; fsync off) | %.2f s | %s | %.2f× |\n" "$pg" "$(rate "$lines" "$pg")" "$(echo "$peer / $pg" | bc -l)"
echo
printf "SQLite size: %s bytes for %s events = **%.1f bytes/event** (goal ≤ 80; the plain \`.import\` table: %.1f bytes/line).\n" \
  "$bytes" "$events" "$(echo "$bytes / $events" | bc -l)" "$(echo "$plain_bytes / $lines" | bc -l)"
