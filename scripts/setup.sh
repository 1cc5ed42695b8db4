#!/usr/bin/env bash
# Installs everything agent-kpi needs to build, preview and test, skipping what is already there.
# Safe to run again: a warm machine passes through in a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

# Versions that must match the crate: wasm-bindgen-cli equals the wasm-bindgen in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing Trunk $TRUNK_VERSION (several minutes, once)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # --locked fails on this registry (a pinned dependency is missing); the unlocked build works.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Chromium and ChromeDriver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # A Japanese font too, so that screenshots of the ja panel show its text.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-ipafont-gothic >/dev/null
fi

# npm packages: binaryen's wasm-opt (Debian's is too old and breaks the bundle), the browser
# tooling of the end-to-end tests, the vendor SDKs the adapters are tested against, and
# TypeScript, esbuild, React and Vue for the package's typed framework hosts.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! node_modules/.bin/wasm-opt --version | grep -q "${BINARYEN_VERSION%%.*}"; then
  echo "wasm-opt is not binaryen $BINARYEN_VERSION" >&2; exit 1
fi

cargo fetch --locked -q
say "ready"
