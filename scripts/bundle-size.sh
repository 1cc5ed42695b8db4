#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (wasm, JS, CSS), raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0 total_gz=0
while IFS= read -r file; do
  raw=$(wc -c <"$file") gz=$(gzip -9c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-48s %8d B  %7d B gzipped\n' "${file#dist/}" "$raw" "$gz"
done < <(find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) | sort)
printf '%-48s %8d B  %7d B gzipped\n' "total" "$total_raw" "$total_gz"
