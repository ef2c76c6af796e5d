#!/usr/bin/env bash
# Checks that the API does what Sources/PostTraceServer/openapi.json says, with Schemathesis (a property-based
# API tester) against the real built server: `serve --demo` on a free loopback port, a throwaway SQLite store and
# an admin key, so operations that need a key are exercised too. Builds nothing: run `swift build` first.
#
#   scripts/schemathesis.sh [short|long]
#
# short (make test): the example, coverage and fuzzing phases, 20 examples per operation, a fixed seed.
# long (make fuzz): every phase, stateful sequences included (create a subscription, read, test, delete it),
#   500 examples per operation and a random seed, which it prints.
# Every check runs, over every operation but /wechat (its requests are signed by the WeChat platform with a
# token the tester cannot know; WeChatEndpointTests cover it). Exit status: 0 no failure, 1 failures (printed),
# 2 the server or the tester could not start.
set -euo pipefail
mode="${1:-short}"
root="$(cd "$(dirname "$0")/.." && pwd)"
version=4.32.5
validator=0.7.1
venv="${POSTTRACE_SCHEMATHESIS_VENV:-$root/.build/schemathesis-venv}"
binary="${POSTTRACE_BIN:-$root/.build/debug/posttrace}"

case "$mode" in
  short) examples=20; phases=examples,coverage,fuzzing; seed="${POSTTRACE_SCHEMATHESIS_SEED:-20261203}" ;;
  long) examples="${POSTTRACE_FUZZ_EXAMPLES:-500}"; phases=examples,coverage,fuzzing,stateful; seed="${POSTTRACE_SCHEMATHESIS_SEED:-$RANDOM$RANDOM}" ;;
  *) echo "usage: scripts/schemathesis.sh [short|long]" >&2; exit 64 ;;
esac
[ -x "$binary" ] || { echo "schemathesis.sh: $binary is missing: run 'swift build' first" >&2; exit 2; }

# The tester's own venv, made once and kept while it holds the pinned versions (one maker at a time).
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | grep -o '[0-9][0-9.]*$')" != "$version" ] \
   || ! "$venv/bin/python" -c 'import openapi_spec_validator' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" "openapi-spec-validator==$validator" >&2
fi
flock -u 9

# The document itself first: valid OpenAPI 3.1 (a broken one would make every later failure noise).
"$venv/bin/python" -c 'import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))' \
  "$root/Sources/PostTraceServer/openapi.json" || { echo "schemathesis.sh: openapi.json is not valid OpenAPI 3.1" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/schemathesis.db"
secret="$("$binary" keys create --name schemathesis --scope admin --db "$db" 2>/dev/null | sed -n 's/^secret: *//p')"
[ -n "$secret" ] || { echo "schemathesis.sh: could not create an admin key" >&2; exit 2; }

# Limits far above what the tester sends, so every answer is the operation's own and not a 429. Loopback
# callbacks are allowed so subscriptions created by the stateful phase are accepted like real ones.
"$binary" serve --demo --db "$db" --host 127.0.0.1 --port 0 --no-access-log \
  --rate-limit 100000:100000 --key-rate-limit 100000:100000 --webhook-allow-loopback >"$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's/.*listening on .*(port \([0-9]*\)).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "schemathesis.sh: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 2
fi
echo "schemathesis.sh: $mode run (seed $seed, $examples examples per operation, phases $phases) against port $port" >&2

status=0
# Run from the scratch directory: Schemathesis keeps its example database in the working directory. One worker:
# with two, Hypothesis describing its strategies from two threads at once hit a CPython 3.11 error (AST constructor
# recursion depth mismatch) and the run stopped with a runtime error; the server is fast enough for one.
cd "$work"
PYTHONPATH="$root/scripts" "$venv/bin/schemathesis" --config-file "$root/scripts/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
  --checks all --exclude-path /wechat \
  --header "Authorization: Bearer $secret" \
  --phases "$phases" --max-examples "$examples" --seed "$seed" --workers 1 \
  --request-timeout 10 --no-color \
  --report junit --report-dir "$work/report" || status=$?

if ! kill -0 "$server" 2>/dev/null; then
  echo "schemathesis.sh: the server died during the run:" >&2; tail -50 "$work/serve.log" >&2; exit 1
fi
# The server must have logged no internal error while it was being fuzzed.
if grep -q '"error"' "$work/serve.log"; then
  echo "schemathesis.sh: the server logged errors:" >&2; grep '"error"' "$work/serve.log" | head -20 >&2; status=1
fi
exit "$status"
