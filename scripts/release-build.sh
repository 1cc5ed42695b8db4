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

# Trunk's JS minifier gives up on wasm-bindgen's glue (ES modules): esbuild minifies it, and the
# snippets it imports (exports keep their names). Trunk writes no integrity hashes into the
# pages (`no_sri` in Trunk.toml), which a minified file would no longer match.
if grep -qE '\.js[^>]*integrity=' "$dist"/*.html; then
  echo "release-build: a page in $dist pins a script by its hash; minifying it would break the page" >&2
  exit 1
fi
for script in "$dist"/*.js $(find "$dist" -path "$dist/snippets/*.js"); do
  if [ -f "${script%.js}_bg.wasm" ] || [[ "$script" == "$dist/snippets/"* ]]; then
    esbuild "$script" --minify --format=esm --outfile="$script" --allow-overwrite --log-level=warning
  fi
done
