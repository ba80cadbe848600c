#!/usr/bin/env bash
# Installs everything Seedling needs on a fresh Debian machine with Node 20 + npm:
# pnpm (pinned), the workspace's npm dependencies, and — when run as root — the Debian
# packages the end-to-end tests use (chromium for browser tests, reference BitTorrent clients
# for interoperability). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v)" != "$PNPM_VERSION" ]; then
  npm i -g "pnpm@$PNPM_VERSION" --no-fund --no-audit
fi

if [ "${1:-}" = "--with-test-deps" ]; then
  need=()
  for pair in chromium:/usr/bin/chromium aria2:/usr/bin/aria2c transmission-cli:/usr/bin/transmission-show \
    transmission-daemon:/usr/bin/transmission-daemon mktorrent:/usr/bin/mktorrent \
    qbittorrent-nox:/usr/bin/qbittorrent-nox python3-libtorrent:/usr/lib/python3/dist-packages/libtorrent.cpython-311-x86_64-linux-gnu.so; do
    [ -e "${pair#*:}" ] || need+=("${pair%%:*}")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
    else
      echo "missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
      exit 1
    fi
  fi
fi

pnpm install --frozen-lockfile
