import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Web app tests: a real seedling-relay serving apps/web/dist, headless Debian Chromium (never
// downloaded), real WebRTC between pages. Chromium gathers no ICE candidates on loopback alone, so
// run inside the isolated network namespace, after building (the namespace reaches no registry):
//   pnpm test:web      (= node tests/run-isolated.mjs tests/web/vitest.config.ts: wraps vitest in ../shared/tools/isolated-net)
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
