import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser WebRTC smoke test: headless Debian Chromium (never downloaded) against a Node peer.
// Chromium gathers no ICE candidates on loopback alone, so run it inside the isolated network
// namespace (after installing and building, since the namespace reaches no registry):
//   /work/shared/tools/isolated-net pnpm exec vitest run --config tests/webrtc-browser/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
