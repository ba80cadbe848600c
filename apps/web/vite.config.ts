import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, transformWithOxc, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * The stream Service Worker (src/stream/stream-sw.ts) must be served from the root as
 * `/stream-sw.js`: a worker's scope can only cover paths under its script's folder, and it must
 * control the app's page at `/`. It has no imports: transpiled alone, served by the dev server
 * and emitted as a fixed-name file into dist (the relay serves dist at `/`).
 */
function streamWorker(): Plugin {
  const source = fileURLToPath(new URL('./src/stream/stream-sw.ts', import.meta.url));
  const compile = async (): Promise<string> => (await transformWithOxc(await readFile(source, 'utf8'), source, { lang: 'ts' })).code;
  return {
    name: 'seedling-stream-worker',
    configureServer(server) {
      server.middlewares.use('/stream-sw.js', (_req, res, next) => {
        compile().then((code) => {
          res.setHeader('content-type', 'text/javascript; charset=utf-8');
          res.setHeader('cache-control', 'no-cache');
          res.end(code);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'stream-sw.js', source: await compile() });
    },
  };
}

export default defineConfig({
  plugins: [solid(), streamWorker()],
  build: { target: 'es2022', outDir: 'dist' },
  worker: { format: 'es' },
});
