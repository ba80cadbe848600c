import { defineConfig } from 'tsup';

export const config = defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapters/node/index': 'src/adapters/node/index.ts',
    'adapters/browser/index': 'src/adapters/browser/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['vitest'],
});

// tsup reads the default export; this is the one default export the repo allows (tool config).
export default config;
