#!/usr/bin/env bash
# Builds the npm package hosts install without Rust: target/package/agent-kpi-<version>.tgz
# (`npm pack` of the release build, the TypeScript types, the Custom Elements Manifest, the
# adapters and the changelog). Installs whatever is missing first; builds the release only where
# dist/ is older than its sources. Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
scripts/release-build.sh --if-stale >&2
node scripts/package.mjs
