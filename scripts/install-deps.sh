#!/usr/bin/env bash
# Installs every Debian package PostTrace needs to build, test and benchmark.
# Idempotent: checks what is present first and runs `apt-get update` at most once.
set -euo pipefail

# Build: C libraries used through systemLibrary targets (libcurl sends webhooks).
# Build: libqrencode draws the QR code of a parcel share.
# Test: a throwaway PostgreSQL cluster, a headless Chromium for the page, zlib for gzip import, zbarimg (zbar-tools)
# to read the QR codes back from PNGs that rsvg-convert (librsvg2-bin) renders from their SVG.
# Bench: wrk and nginx as the HTTP peer, the sqlite3 shell as the import peer, a venv for the Python peer.
PACKAGES=(
  pkg-config
  libsqlite3-dev sqlite3
  libpq-dev postgresql-15
  libmicrohttpd-dev
  libssl-dev libcurl4-openssl-dev
  zlib1g-dev
  libqrencode-dev
  zbar-tools librsvg2-bin
  iso-codes
  chromium fonts-noto-cjk
  curl
  python3-venv
  wrk nginx-light
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
