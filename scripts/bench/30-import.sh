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

# Timed runs: wall and CPU (user+sys) seconds of a command, as "wall cpu".
timed() {
  local TIMEFORMAT="%R %U %S"
  { time "$@" > /dev/null 2>> "$WORK/import.log" || true; } 2> "$WORK/time"
  awk '{print $1, $2 + $3}' "$WORK/time"
}
best() { sort -n | head -1; }
# Peer and ours alternate RUNS times on a fresh database each (the machine is shared: the best run of each
# is the least disturbed one). Peer: the sqlite3 shell, no validation, no index, into a plain table.
RUNS=${IMPORT_RUNS:-3}
: > "$WORK/peer.times"; : > "$WORK/ours.times"; : > "$WORK/import.log"
for _ in $(seq "$RUNS"); do
  rm -f "$WORK/plain.db"; timed sqlite3 "$WORK/plain.db" ".mode csv" ".import $csv events" >> "$WORK/peer.times"
  rm -f "$WORK"/posttrace.db*; timed "$BIN" import "$csv" --db "$WORK/posttrace.db" >> "$WORK/ours.times"
done
read -r peer peer_cpu < <(best < "$WORK/peer.times")
read -r ours ours_cpu < <(best < "$WORK/ours.times")
summary=$(grep -o 'read .*rejected' "$WORK/import.log" | tail -1)
sqlite3 "$WORK/posttrace.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
events=$(sqlite3 "$WORK/posttrace.db" "SELECT count(*) FROM events")
bytes=$(stat -c %s "$WORK/posttrace.db")
plain_bytes=$(stat -c %s "$WORK/plain.db")

# Re-import: every line a duplicate.
read -r again again_cpu < <(timed "$BIN" import "$csv" --db "$WORK/posttrace.db")

# PostgreSQL: a throwaway cluster (fsync off, as in the test cluster).
pg=$(bash scripts/pg-test-cluster.sh bash -c '
  t0=$(date +%s.%N); "$0" import "$1" --db "$POSTTRACE_TEST_DATABASE_URL" 2>/dev/null || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l' "$BIN" "$csv" 2>/dev/null)

# Export of the same store, side by side with the sqlite3 shell writing the same joined rows as JSON (raw
# columns: no validation, no RFC 3339 times, no leaving out empty fields); then copy-store into a fresh file.
join="SELECT e.item, e.minute, e.sec, e.off, c.value, o.value, p.name, p.city, r.value, n.value, t.value, s.value, e.received
  FROM events e JOIN texts c ON c.id = e.code JOIN texts o ON o.id = e.office LEFT JOIN places p ON p.id = e.place
  LEFT JOIN texts r ON r.id = e.reason LEFT JOIN texts n ON n.id = e.next_office LEFT JOIN texts t ON t.id = e.transport
  LEFT JOIN texts s ON s.id = e.source ORDER BY e.item, e.minute, e.sec, e.off"
: > "$WORK/export-peer.times"; : > "$WORK/export-ours.times"
for _ in $(seq "$RUNS"); do
  timed sqlite3 "$WORK/posttrace.db" ".mode json" "$join" >> "$WORK/export-peer.times"
  timed "$BIN" export --db "$WORK/posttrace.db" >> "$WORK/export-ours.times"
done
read -r export_peer export_peer_cpu < <(best < "$WORK/export-peer.times")
read -r export_ours export_ours_cpu < <(best < "$WORK/export-ours.times")
export_bytes=$("$BIN" export --db "$WORK/posttrace.db" 2>/dev/null | wc -c)
rm -f "$WORK"/copy.db*
read -r copy copy_cpu < <(timed "$BIN" copy-store --from "$WORK/posttrace.db" --to "$WORK/copy.db")

rate() { printf "%.0f" "$(echo "$1 / $2" | bc -l)"; }
echo "## Bulk import (scripts/bench/30-import.sh)"
echo
echo "Input: \`posttrace demo-data --items $ITEMS --format csv\`: $lines lines ($(du -h "$csv" | cut -f1)); $summary."
echo
echo "Best of $RUNS alternating runs each (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)); CPU = user + sys seconds."
echo
echo "| what | time | CPU | lines/s | ratio to sqlite3 .import |"
echo "|---|---|---|---|---|"
printf "| sqlite3 shell \`.import\` into a plain table (no validation, no index) | %.2f s | %.2f s | %s | 1.00× |\n" "$peer" "$peer_cpu" "$(rate "$lines" "$peer")"
printf "| \`posttrace import\` → SQLite (validate, dedupe, WAL, synchronous=FULL) | %.2f s | %.2f s | %s | %.2f× |\n" "$ours" "$ours_cpu" "$(rate "$lines" "$ours")" "$(echo "$peer / $ours" | bc -l)"
printf "| \`posttrace import\` again (all duplicates) | %.2f s | %.2f s | %s | %.2f× |\n" "$again" "$again_cpu" "$(rate "$lines" "$again")" "$(echo "$peer / $again" | bc -l)"
printf "| \`posttrace import\` → PostgreSQL 15 (COPY + upsert; fsync off) | %.2f s | | %s | %.2f× |\n" "$pg" "$(rate "$lines" "$pg")" "$(echo "$peer / $pg" | bc -l)"
echo
printf "SQLite size: %s bytes for %s events = **%.1f bytes/event** (goal ≤ 80; the plain \`.import\` table: %.1f bytes/line).\n" \
  "$bytes" "$events" "$(echo "$bytes / $events" | bc -l)" "$(echo "$plain_bytes / $lines" | bc -l)"
echo
echo "Export and copy of that store ($events events), best of $RUNS alternating runs each for the export:"
echo
echo "| what | time | CPU | events/s | ratio to the sqlite3 shell |"
echo "|---|---|---|---|---|"
printf "| sqlite3 shell \`.mode json\` of the same joined rows, in the same order (raw columns) | %.2f s | %.2f s | %s | 1.00× |\n" "$export_peer" "$export_peer_cpu" "$(rate "$events" "$export_peer")"
printf "| \`posttrace export\` → NDJSON (%s MB: RFC 3339 times, every field, importable) | %.2f s | %.2f s | %s | %.2f× |\n" "$((export_bytes / 1048576))" "$export_ours" "$export_ours_cpu" "$(rate "$events" "$export_ours")" "$(echo "$export_peer / $export_ours" | bc -l)"
printf "| \`posttrace copy-store\` → a fresh SQLite file (events, keys, subscriptions) | %.2f s | %.2f s | %s | |\n" "$copy" "$copy_cpu" "$(rate "$events" "$copy")"
