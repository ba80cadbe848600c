// @module fuzz/run — bundles fuzz/main.ts with esbuild (TypeScript sources of core and relay,
// no build step needed) and runs it. Usage: pnpm fuzz  |  FUZZ_RUNS=5000 FUZZ_TARGET=wire,bencode pnpm fuzz
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// Output sits at the same depth as the sources, so import.meta.url-relative paths still resolve.
const out = join(here, '.build', 'main.mjs');
await build({
  entryPoints: [join(here, 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(out).href);
