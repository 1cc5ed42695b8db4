#!/usr/bin/env bash
# The browser benchmark (docs/performance.md, "In the browser"): the release build, generated
# events, and headless Chromium timing the widget's replay against a plain-JS reducer, live
# update latency, wasm memory and cold start, and the bundle's compressed size. Prints the
# table and writes bench/results/<date>.json. Not part of scripts/test.sh. Installs whatever
# is missing first, as the test script does.
#
#   scripts/bench.sh [events] [runs]    (1000000 events, 5 runs unless given)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
events="${1:-1000000}" runs="${2:-5}"

# The release build, unless dist/ is newer than everything it is built from.
scripts/release-build.sh --if-stale

# The same events every time (the simulator is seeded); a few seconds to write.
mkdir -p target/bench
file="target/bench/events-$events.ndjson"
cargo run --quiet --release -p agent-kpi-simulator --example generate -- "$events" >"$file"

node bench/run.mjs --events "$file" --runs "$runs"
