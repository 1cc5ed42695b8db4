#!/usr/bin/env bash
# The release build hosts load (dist/), as CI checks and measures it. Callers set PATH up first
# (scripts/test.sh does). Another page and folder may be given: bench/cold.mjs builds its bare
# Leptos counter with the same flags (`scripts/release-build.sh bench/counter/index.html
# target/counter-dist`). With `--if-stale` first, builds dist/ only where its wasm is older than
# anything it is built from (scripts/bench.sh and scripts/package.sh build so).
#
# Panic messages name the source file they come from; Cargo writes dependencies' files as
# absolute paths into its registry (this workspace's own, relative to it). Those are remapped to
# paths relative to the registry, so that no path of the build machine ships in the wasm, and the
# flags are the same wherever the checkout is (a new clone reuses the build cache).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --if-stale ]; then
  shift
  built=dist/agent-kpi-widget_bg.wasm
  sources=(src crates style web index.html Cargo.toml Cargo.lock Trunk.toml package-lock.json scripts/release-build.sh)
  if [ -f "$built" ] && [ -z "$(find "${sources[@]}" -newer "$built" -not -path 'web/types/*' -not -path 'web/package/*' -print -quit)" ]; then
    exit 0
  fi
fi
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
flags=()
for index in "$registry"/*/; do
  flags+=(--remap-path-prefix "$index=")
done
# One argument per 0x1f: paths with spaces stay whole.
CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; echo "${flags[*]}")"
export CARGO_ENCODED_RUSTFLAGS

# Binaryen 132 from npm for the wasm steps below: Debian's wasm-opt 108 builds a wasm that dies
# at start in the browser.
for tool in wasm-metadce wasm-opt; do
  case "$("$tool" --version 2>/dev/null)" in
    *"version 132 "*) ;;
    *) echo "release-build: $tool of binaryen 132 is needed on PATH (node_modules/.bin, scripts/setup.sh)" >&2; exit 1 ;;
  esac
done

# From nothing of earlier builds: wasm-bindgen's output folder keeps JS snippets that have
# since moved, and Trunk copies them into dist/, where the bundle check would count them.
page="${1:-index.html}" dist="${2:-dist}"
rm -rf "$dist" "${CARGO_TARGET_DIR:-target}/wasm-bindgen"
# A build that stops part way leaves no dist/ behind, which `--if-stale` would take as built.
finished=0
trap '[ "$finished" = 1 ] || rm -rf "$dist"' EXIT
trunk build --release=true --dist "$dist" "$page"

# The wasm of each rust link the page marks `data-wasm-opt="0"` (the widget and the preview; the
# counter, built alike) is optimised here rather than by Trunk, so that a step can go between
# wasm-bindgen and wasm-opt: wasm-metadce takes out the classes wasm-streams exports
# (`IntoUnderlyingSource` and its kin, for Leptos' server functions, which a client-side widget
# never calls; wasm-bindgen keeps whatever a dependency exports). Its `-g` keeps the names,
# which the last pass orders the functions by. Then wasm-opt: -Oz, the control flow flattened
# and re-looped and -Oz twice more (smaller than -Oz alone), and the functions ordered by name,
# so that gzip finds the copies of one generic function side by side (docs/performance.md,
# "Bundle").
bins=$(sed -n 's/.*data-bin="\([^"]*\)"[^>]*data-wasm-opt="0".*/\1/p' "$page")
if [ "$(grep -c '<link[^>]*data-wasm-opt="0"' "$page")" != "$(echo "$bins" | grep -c .)" ]; then
  echo "release-build: each link of $page with data-wasm-opt=\"0\" must name its data-bin before it, on one line" >&2
  exit 1
fi
for bin in $bins; do
  wasm="$dist/${bin}_bg.wasm"
  graph="$(mktemp)"
  node --input-type=module -e '
    import { readFileSync, writeFileSync } from "node:fs";
    const [wasm, graph] = process.argv.slice(1);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasm))).map((e) => e.name);
    const kept = exports.filter((name) => !/intounderlying/.test(name));
    if (kept.length === exports.length) console.error(`release-build: ${wasm} exports nothing of wasm-streams`);
    const nodes = exports.map((name) => ({ name: `export ${name}`, export: name }));
    writeFileSync(graph, JSON.stringify([{ name: "host", root: true, reaches: kept.map((name) => `export ${name}`) }, ...nodes]));
  ' "$wasm" "$graph"
  wasm-metadce -g --graph-file "$graph" "$wasm" -o "$wasm" > /dev/null
  rm -f "$graph"
  wasm-opt -Oz "$wasm" --flatten --rereloop -Oz -Oz --reorder-functions-by-name -o "$wasm"
done

# Each way in for hosts is one script: the loader (`agent-kpi.js` for the web component,
# `embed.js` for the iframe) with the wasm-bindgen glue and its snippet bundled in and minified
# by esbuild, so that a page fetches the script and then the wasm, not a chain of three scripts
# first; nothing loads the widget's glue on its own then, and it leaves dist/. Trunk's JS
# minifier gives up on the glue (ES modules): esbuild minifies the glue and snippets left too
# (the preview's, the counter's). wasm-bindgen's import object names the snippet once for each
# `extern` block that imports from it (the same module each time), hence the duplicate keys
# let through. Trunk writes no integrity hashes into the pages (`no_sri` in Trunk.toml), which
# a minified file would no longer match.
if grep -qE '\.js[^>]*integrity=' "$dist"/*.html; then
  echo "release-build: a page in $dist pins a script by its hash; minifying it would break the page" >&2
  exit 1
fi
# Each starts with Chromium's compile hint (Chrome 136 on; to other browsers, a comment): most
# of the glue runs as the panel is first built, and is compiled while the script streams in
# rather than function by function on the main thread.
minify=(--minify --format=esm --allow-overwrite --log-level=warning --log-override:duplicate-object-key=silent)
bundled=0
for entry in agent-kpi.js embed.js; do
  if [ -f "$dist/$entry" ]; then
    esbuild "$dist/$entry" --bundle "${minify[@]}" --banner:js='//# allFunctionsCalledOnLoad' --outfile="$dist/$entry"
    bundled=1
  fi
done
if [ "$bundled" = 1 ]; then
  rm -f "$dist/agent-kpi-widget.js"
fi
shopt -s globstar nullglob
for script in "$dist"/*.js "$dist"/snippets/**/*.js; do
  if [ -f "${script%.js}_bg.wasm" ] || [[ "$script" == "$dist/snippets/"* ]]; then
    esbuild "$script" "${minify[@]}" --outfile="$script"
  fi
done
finished=1
