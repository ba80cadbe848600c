import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Hostile-peer, crash, full-disk, relay-abuse and short fuzz tests: real processes (the built
// CLI and relay), real sockets on 127.0.0.1. One file at a time: the machine is small.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
