#!/usr/bin/env bash
# Makes (once) the throwaway venv the Web Push reference peer runs in and prints its python: Mozilla's
# http_ece (RFC 8188/8291 decryption) and pyca/cryptography (P-256, ECDSA), pinned, from PyPI.
set -euo pipefail
venv="${POSTTRACE_WEBPUSH_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.build/webpush-peer-venv}"
# Test suites in two processes may ask at once: one makes the venv while the others wait for it.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import http_ece, cryptography' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check cryptography==44.0.2 http_ece==1.2.1 >&2
fi
flock -u 9
echo "$venv/bin/python"
