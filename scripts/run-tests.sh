#!/usr/bin/env bash
# Runs the built test binary as three processes side by side (make test, inside pg-test-cluster.sh): the server
# suites, the CLI suites, and everything else. Each process has its own cooperative thread pool, as many threads
# as cores, and what one group does must not hold up the others' awaits:
#  - the server suites' in-process HTTP servers answer on their own handler threads, but the tests around them
#    (their awaits, shutdowns, waits for signals) queue on the pool;
#  - the CLI suites mostly wait for child processes (the built binary, Chromium, PostgreSQL formations), one step
#    after another, and each step is an await;
#  - the rest holds pool threads for long stretches: SQLite and libpq calls, simulations, property tests over
#    thousands of generated inputs, which in a debug build take tens of seconds each.
# Exit status: 1 when any process failed.
# Usage: scripts/run-tests.sh [extra arguments for every process, e.g. --filter X]
set -uo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build --show-bin-path)/PostTracePackageTests.xctest"
[[ -x $bin ]] || { echo "run-tests: no test binary at $bin (swift build --build-tests first)" >&2; exit 66; }
out=$(mktemp -d /tmp/posttrace-tests.XXXXXX)
trap 'rm -rf "$out"' EXIT
groups=(server cli rest)
declare -A selection=(
    [server]="--filter PostTraceServerTests"
    [cli]="--filter CLITests"
    [rest]="--skip PostTraceServerTests --skip CLITests"
)
declare -A pid status
for group in "${groups[@]}"; do
    # shellcheck disable=SC2086  # the selection is words on purpose
    "$bin" --testing-library swift-testing ${selection[$group]} "$@" > "$out/$group.log" 2>&1 & pid[$group]=$!
done
# A progress line a minute, so a slow run is not mistaken for a hung one.
seconds=0
running() { for group in "${groups[@]}"; do kill -0 "${pid[$group]}" 2>/dev/null && return 0; done; return 1; }
while running; do
    sleep 2; seconds=$((seconds + 2))
    if (( seconds % 60 == 0 )); then
        line="run-tests: ${seconds}s, passed so far:"
        for group in "${groups[@]}"; do line+=" $group $(grep -c '✔ Test ' "$out/$group.log")"; done
        echo "$line" >&2
    fi
done
failed=0
for group in "${groups[@]}"; do
    wait "${pid[$group]}"; status[$group]=$?
    (( status[$group] == 0 )) || failed=1
done
for group in "${groups[@]}"; do echo "===== $group: ${selection[$group]} (exit ${status[$group]})"; cat "$out/$group.log"; done
line="run-tests:"
for group in "${groups[@]}"; do line+=" $group exit ${status[$group]},"; done
echo "${line%,}"
(( failed == 0 ))
