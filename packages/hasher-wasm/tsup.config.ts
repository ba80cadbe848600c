import { defineConfig } from 'tsup';

export const config = defineConfig({
  entry: {
    index: 'src/index.ts',
    'xor-mask': 'src/xor-mask.ts',
    'pool-node': 'src/pool-node.ts',
    'pool-browser': 'src/pool-browser.ts',
    'pool-worker-node': 'src/pool-worker-node.ts',
    'pool-worker-browser': 'src/pool-worker-browser.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});

export default config;
