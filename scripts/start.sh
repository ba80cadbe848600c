#!/usr/bin/env bash
# One command that sets up a fresh machine, builds everything and runs the relay serving the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/setup.sh
pnpm build
exec node apps/relay/dist/server.js "$@"
