#!/usr/bin/env bash
# Installs posttrace with its resource bundles: PREFIX/lib/posttrace/{posttrace,PostTrace_*.resources} and a
# symbolic link PREFIX/bin/posttrace. The binary finds its bundles (the page's assets, openapi.json, the postal
# contacts, the message rules) beside its resolved path, so the folder can be moved as a whole; the binary
# alone cannot run. Usage: bash scripts/install.sh PREFIX [BUILD_DIR (default .build/release)]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 PREFIX [BUILD_DIR]" >&2; exit 64; }
prefix=$1
build=${2:-.build/release}
[ -x "$build/posttrace" ] || { echo "install: no $build/posttrace (run make release)" >&2; exit 66; }
lib="$prefix/lib/posttrace"
mkdir -p "$lib" "$prefix/bin"
rm -rf "$lib"/PostTrace_*.resources
cp "$build/posttrace" "$lib/posttrace.new" && mv -f "$lib/posttrace.new" "$lib/posttrace"
for bundle in "$build"/PostTrace_*.resources; do
  case $bundle in *Tests.resources) continue ;; esac  # test fixtures stay behind
  cp -R "$bundle" "$lib/"
done
ln -sfn ../lib/posttrace/posttrace "$prefix/bin/posttrace"
echo "installed $prefix/bin/posttrace -> $lib"
