#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (wasm, JS, CSS), raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0 total_gz=0
for file in dist/*.wasm dist/*.js dist/*.css; do
  raw=$(wc -c <"$file") gz=$(gzip -9c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-48s %8d B  %7d B gzipped\n' "$(basename "$file")" "$raw" "$gz"
done
printf '%-48s %8d B  %7d B gzipped\n' "total" "$total_raw" "$total_gz"
