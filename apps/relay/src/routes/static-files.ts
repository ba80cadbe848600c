/**
 * @module routes/static-files — serves the built web app (apps/web/dist) with an SPA fallback:
 * app routes (paths without a file extension) get index.html, so share links like
 * `http://host:port/#magnet:?xt=…` and deep links open the app. Shows a placeholder page
 * when the app has not been built.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files larger than this are not served (the app's bundles are far smaller). */
export const MAX_STATIC_FILE_BYTES = 32 * 1024 * 1024;

/** The page shown when apps/web/dist is missing. */
export const PLACEHOLDER_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Seedling relay</title></head>
<body><h1>Seedling relay</h1><p>The relay is running. The web app is not built: run <code>pnpm build</code>
(apps/web) or start the relay with <code>--web-root DIR</code>.</p>
<p>Tracker: <code>/announce</code> (HTTP and WebSocket), health: <a href="/health">/health</a>, metrics: <a href="/metrics">/metrics</a>.</p></body></html>`;

/** Creates the handler serving `root` (absolute or relative to the working directory). */
export function staticHandler(root: string) {
  const base = resolve(root);
  return async (c: Context): Promise<Response> => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('bad path', 400);
    }
    if (path.includes('\0')) return c.text('bad path', 400);
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return c.text('not found', 404);
    const hit = await readIfFile(file.endsWith(sep) || file === base ? join(file, 'index.html') : file);
    if (hit) return send(hit, file, path);
    // Paths with an extension are files: a missing one is a 404, not the app.
    if (extname(path) !== '') return c.text('not found', 404);
    const index = await readIfFile(join(base, 'index.html'));
    if (index) return send(index, 'index.html', '/index.html');
    return new Response(PLACEHOLDER_HTML, { status: 200, headers: { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache' } });
  };
}

async function readIfFile(file: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const s = await stat(file);
    if (!s.isFile() || s.size > MAX_STATIC_FILE_BYTES) return null;
    return new Uint8Array(await readFile(file));
  } catch {
    return null;
  }
}

function send(body: Uint8Array<ArrayBuffer>, file: string, path: string): Response {
  const ext = extname(file) || '.html';
  // Vite names files under /assets/ by content hash: they never change.
  const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  return new Response(body, {
    status: 200,
    headers: { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': cache, 'x-content-type-options': 'nosniff' },
  });
}
