#!/usr/bin/env bash
# The release build hosts load (dist/), as CI checks and measures it. Callers set PATH up first
# (scripts/test.sh does). Another page and folder may be given: bench/cold.mjs builds its bare
# Leptos counter with the same flags (`scripts/release-build.sh bench/counter/index.html
# target/counter-dist`).
#
# Panic messages name the source file they come from; Cargo writes dependencies' files as
# absolute paths into its registry (this workspace's own, relative to it). Those are remapped to
# paths relative to the registry, so that no path of the build machine ships in the wasm, and the
# flags are the same wherever the checkout is (a new clone reuses the build cache).
set -euo pipefail
cd "$(dirname "$0")/.."
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
flags=()
for index in "$registry"/*/; do
  flags+=(--remap-path-prefix "$index=")
done
# One argument per 0x1f: paths with spaces stay whole.
CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; echo "${flags[*]}")"
export CARGO_ENCODED_RUSTFLAGS

# From nothing of earlier builds: wasm-bindgen's output folder keeps JS snippets that have
# since moved, and Trunk copies them into dist/, where the bundle check would count them.
page="${1:-index.html}" dist="${2:-dist}"
rm -rf "$dist" "${CARGO_TARGET_DIR:-target}/wasm-bindgen"
trunk build --release=true --dist "$dist" "$page"

# Trunk's JS minifier gives up on wasm-bindgen's glue (an ES module): esbuild minifies the glue
# that no built page names, the widget's, which hosts import through agent-kpi.js (exports keep
# their names). A glue a built page preloads with an integrity hash (the preview's, the bare
# counter's) stays as Trunk wrote it, or the hash would no longer match.
for glue in "$dist"/*.js; do
  [ -f "${glue%.js}_bg.wasm" ] || continue
  if grep -qF "/$(basename "$glue")" "$dist"/*.html; then
    continue
  fi
  esbuild "$glue" --minify --format=esm --outfile="$glue" --allow-overwrite --log-level=warning
done
