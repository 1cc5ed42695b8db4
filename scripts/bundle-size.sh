#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (wasm, JS, CSS), raw, gzipped and brotli'd.
# `--budget BYTES`: fails when the gzipped total is over BYTES (scripts/test.sh sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/bundle-size.mjs "$@"
