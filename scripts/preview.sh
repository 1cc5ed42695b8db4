#!/usr/bin/env bash
# Builds and serves the standalone preview (the panel fed by its simulated agent day) at
# http://127.0.0.1:8080/ ; installs whatever is missing first. Add ?speed=N for N× time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve "$@"
