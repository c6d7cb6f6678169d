#!/usr/bin/env bash
# Fails when frontend/openapi.json or src/api/generated/ no longer match the API:
# regenerate both into a temporary folder and compare.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$repo" && .venv/bin/python -m services.api.openapi_dump) > "$tmp/openapi.json"
if ! diff -q "$tmp/openapi.json" "$here/openapi.json" >/dev/null; then
  echo "frontend/openapi.json is stale: the API's OpenAPI document changed." >&2
  echo "Run: cd frontend && npm run dump-openapi && npm run generate" >&2
  diff -u "$here/openapi.json" "$tmp/openapi.json" | head -40 >&2 || true
  exit 1
fi

mkdir -p "$tmp/generated"
(cd "$here" && node_modules/.bin/openapi-typescript "$tmp/openapi.json" --default-non-nullable=false -o "$tmp/generated/schema.ts" >/dev/null 2>&1)
if ! diff -r -q "$tmp/generated" "$here/src/api/generated" >/dev/null; then
  echo "frontend/src/api/generated/ is stale or was edited by hand." >&2
  echo "Run: cd frontend && npm run generate" >&2
  diff -ru "$here/src/api/generated" "$tmp/generated" | head -40 >&2 || true
  exit 1
fi
echo "Generated client is up to date."
