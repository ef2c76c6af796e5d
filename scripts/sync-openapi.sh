#!/usr/bin/env bash
# Regenerates Sources/PostTraceServer/OpenAPIDocument.swift from openapi.json (the server embeds the
# document so the binary serves it without files beside it; a test keeps both identical).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m json.tool openapi.json >/dev/null  # refuse to embed invalid JSON
{
  echo '/// The API description served at `/openapi.json`: a copy of the repository'"'"'s `openapi.json`'
  echo '/// (a test keeps both identical; regenerate with scripts/sync-openapi.sh).'
  echo 'enum OpenAPIDocument {'
  echo '    static let text = #"""'
  cat openapi.json
  echo '"""#'
  echo '}'
} > Sources/PostTraceServer/OpenAPIDocument.swift
