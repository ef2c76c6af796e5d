#!/usr/bin/env bash
# Makes (once) the throwaway venv page-audit.py runs in and prints its python: websocket-client for the
# DevTools protocol, and axe-core's axe.min.js from the axe-playwright-python wheel (without its dependencies).
set -euo pipefail
venv="${POSTTRACE_AUDIT_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.build/page-audit-venv}"
# Test suites in two processes may ask at once: one makes the venv while the others wait for it.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import websocket, axe_playwright_python' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check websocket-client==1.9.2 >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps axe-playwright-python==0.1.8 >&2
fi
flock -u 9
echo "$venv/bin/python"
