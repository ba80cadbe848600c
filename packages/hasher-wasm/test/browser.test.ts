/**
 * @module test/browser — the built dist in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): createHasher on the main thread and inside a module Web Worker, and the
 * browser pool (Web Workers). Skipped when Chromium is not installed. Run `pnpm build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex, ref, refPieces } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const dist = new URL('../dist/', import.meta.url);
const WORKER_JS = `import { createHasher } from '/dist/index.js';
onmessage = async (e) => { const h = await createHasher(); postMessage({ simd: h.simd, digest: Array.from(h.sha256(e.data)) }); };`;

const PAGE_SCRIPT = `(async () => {
  const mk = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
  const m = await import('/dist/index.js');
  const h = await m.createHasher();
  const data = mk(3000001);
  const worker = new Worker('/worker.js', { type: 'module' });
  const fromWorker = await new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage(mk(100000));
  });
  worker.terminate();
  const p = await import('/dist/pool-browser.js');
  const pool = p.createHashPool({ size: 2 });
  const pooled = await pool.hashPieces(data, 262144, 'sha1');
  await pool.destroy();
  return {
    simd: h.simd,
    sha256: Array.from(h.sha256(mk(1000))),
    pieces: Array.from(h.hashPieces(data, 262144, 'sha256')),
    fromWorker,
    pooled: Array.from(pooled),
  };
})()`;
interface PageResult { simd: boolean; sha256: number[]; pieces: number[]; fromWorker: { simd: boolean; digest: number[] }; pooled: number[] }

/** Deterministic bytes that the page can rebuild identically. */
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

describe.skipIf(!existsSync(CHROMIUM))('in a browser (dist)', () => {
  let server: Server;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/worker.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER_JS);
      if (path.startsWith('/dist/') && !path.includes('..')) {
        const file = new URL(path.slice('/dist/'.length), dist);
        if (existsSync(file)) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
      }
      res.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/html' }).end('<!doctype html><title>t</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('main thread, a module Web Worker and the Web Worker pool give node:crypto results', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e));
    await page.goto(origin + '/');
    // a string, so vitest does not rewrite the dynamic imports meant for the page
    const out = (await page.evaluate(PAGE_SCRIPT)) as PageResult;
    const data = bytes(3_000_001);
    expect(out.simd).toBe(true);
    expect(hex(Uint8Array.from(out.sha256))).toBe(hex(ref('sha256', bytes(1000))));
    expect(hex(Uint8Array.from(out.pieces))).toBe(hex(refPieces('sha256', data, 262144)));
    expect(hex(Uint8Array.from(out.fromWorker.digest))).toBe(hex(ref('sha256', bytes(100_000))));
    expect(hex(Uint8Array.from(out.pooled))).toBe(hex(refPieces('sha1', data, 262144)));
    await page.close();
  }, 60_000);
});
