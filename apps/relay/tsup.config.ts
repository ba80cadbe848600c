import { defineConfig } from 'tsup';

export const config = defineConfig({
  entry: { server: 'src/server.ts', app: 'src/app.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { app: 'src/app.ts', index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});

export default config;
