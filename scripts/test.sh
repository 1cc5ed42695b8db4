#!/usr/bin/env bash
# Runs every test of agent-kpi: formatting, lints (native and wasm32), native tests, browser
# tests in headless Chromium, the release build, the npm package built from it, and end-to-end
# tests of that build.
# Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"
# How long the test runner waits for chromedriver to listen: 5 s unless told, which a loaded
# machine has missed (the driver killed at startup, the browser tests failed unrun).
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"
WASM=(--target wasm32-unknown-unknown)
# The most either way in (the web component, the iframe: what a host page fetches from dist/) may
# weigh gzipped, in bytes, so that growth fails CI. The target is 150 KB (150 000 B) and is
# missed (docs/performance.md, "Bundle"): lower this as it shrinks.
BUNDLE_BUDGET_GZIP=261600

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --check

step "lint (native: the pure crates)"
cargo clippy --locked --workspace --exclude agent-kpi --exclude leptos-counter --all-targets -- -D warnings
step "lint (wasm32: the browser shell)"
cargo clippy --locked -p agent-kpi --all-targets "${WASM[@]}" -- -D warnings

step "native tests (engine, host, simulator)"
cargo test --locked --workspace --exclude agent-kpi --exclude leptos-counter

step "vendor adapters driven through their real SDKs, offline (node)"
node --test --test-timeout=120000 tests/adapters/

step "browser tests (headless Chromium)"
cargo test --locked -p agent-kpi "${WASM[@]}" --test browser --test browser_panic

step "release build"
scripts/release-build.sh
scripts/bundle-size.sh --budget "$BUNDLE_BUDGET_GZIP"

step "the npm package: packed, installed into an empty folder, its types (tsc --strict) and the framework hosts built from it"
node --test --test-timeout=300000 tests/package/

step "end-to-end tests of the release build (headless Chromium)"
# The timeout holds for each file as a whole too: the floods' file takes about two minutes.
node --test --test-timeout=300000 tests/e2e/
