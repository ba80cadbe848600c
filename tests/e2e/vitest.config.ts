/** @module e2e/vitest.config — end-to-end suite: built CLI and relay processes, real sockets on 127.0.0.1. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests: real processes (the built CLI and relay), real sockets on 127.0.0.1.
// Files run one at a time: the machine is small and every test spawns several processes.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
