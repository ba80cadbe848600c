#!/usr/bin/env bash
# One command that sets up a fresh machine and runs every test: unit, e2e and interop.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/setup.sh --with-test-deps
pnpm test
