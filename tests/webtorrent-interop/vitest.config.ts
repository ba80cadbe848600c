/** @module tests/webtorrent-interop/vitest.config — WebTorrent's browser bundle in headless Chromium against the seedling CLI. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Real WebTorrent (2.8.5 browser bundle) in headless Debian Chromium (never downloaded) against
// the built seedling CLI, both signaling through the built relay's WebSocket tracker. Chromium
// gathers no ICE candidates on loopback alone: run it inside the isolated network namespace,
// after `pnpm build`:  node tests/run-isolated.mjs tests/webtorrent-interop/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
