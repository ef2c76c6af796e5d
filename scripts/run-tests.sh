#!/usr/bin/env bash
# Runs the built test binary as two processes side by side (make test, inside pg-test-cluster.sh): the server
# suites, and everything else. Each process has its own cooperative thread pool, as many threads as cores.
# The server suites' in-process HTTP servers answer on their own handler threads, but the tests around them
# (their awaits, shutdowns, waits for signals) queue on that pool, and must not queue behind suites that hold
# pool threads in SQLite and libpq calls and CPU-heavy simulations. Exit status: 1 when either process failed.
# Usage: scripts/run-tests.sh [extra arguments for both, e.g. --filter X]
set -uo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build --show-bin-path)/PostTracePackageTests.xctest"
[[ -x $bin ]] || { echo "run-tests: no test binary at $bin (swift build --build-tests first)" >&2; exit 66; }
out=$(mktemp -d /tmp/posttrace-tests.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$bin" --testing-library swift-testing --filter PostTraceServerTests "$@" > "$out/server.log" 2>&1 & server=$!
"$bin" --testing-library swift-testing --skip PostTraceServerTests "$@" > "$out/other.log" 2>&1 & other=$!
# A progress line a minute, so a slow run is not mistaken for a hung one.
seconds=0
while kill -0 "$server" 2>/dev/null || kill -0 "$other" 2>/dev/null; do
    sleep 2; seconds=$((seconds + 2))
    (( seconds % 60 == 0 )) && echo "run-tests: ${seconds}s, $(grep -c '✔ Test ' "$out/server.log") server and $(grep -c '✔ Test ' "$out/other.log") other tests passed so far" >&2
done
wait "$server"; server_status=$?
wait "$other"; other_status=$?
echo "===== every suite but PostTraceServerTests (exit $other_status)"; cat "$out/other.log"
echo "===== PostTraceServerTests (exit $server_status)"; cat "$out/server.log"
echo "run-tests: PostTraceServerTests exit $server_status, the rest exit $other_status"
(( server_status == 0 && other_status == 0 ))
