/**
 * @module tunnel/tunnel-browser.test — the platform-free client in headless Chromium (its own
 * WebSocket and WebCrypto, X25519) dials through the tunnel server to a Node listener that echoes
 * using the node:crypto record cipher (so the two cipher implementations must agree byte for byte).
 * The page loads packages/core/src/tunnel as ES modules transpiled on the fly by TypeScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { listenViaRelay } from '../../../../packages/core/src/tunnel/index.js';
import { nodeTunnelCipher } from '../../../../packages/core/src/adapters/node/tunnel-cipher.js';
import { nodeTunnelWire } from '../../../../packages/core/src/adapters/node/tunnel-wire.js';
import { INFO_HASH, NodeWebSocket, startTestRelay, within, type TestRelay } from './test-support.js';

const CHROMIUM = '/usr/bin/chromium';
const coreSrc = fileURLToPath(new URL('../../../../packages/core/src/', import.meta.url));

/** What the page reports. */
interface PageResult {
  sent: string;
  got: string;
  bytes: number;
  fingerprint: string;
}

/**
 * The page's module (plain JS, kept as text so vitest does not rewrite its dynamic import):
 * dials through the relay with the browser's WebSocket, sends 4 MiB, reads the echo, hashes both.
 */
const PAGE_SCRIPT = `
import { dialViaRelay } from '/core/tunnel/index.js';
const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join('');
window.runTunnel = async ({ relayUrl, infoHash }) => {
  const conn = await dialViaRelay({ relay: relayUrl, WebSocket: globalThis.WebSocket, infoHash, localPeerId: 'browser', remotePeerId: 'node-seeder' });
  const total = 4 * 1024 * 1024;
  const sent = new Uint8Array(total);
  for (let i = 0; i < total; i += 65536) crypto.getRandomValues(sent.subarray(i, i + 65536));
  const got = new Uint8Array(total);
  let o = 0;
  const reading = (async () => {
    for await (const c of conn.readable) {
      got.set(c, o);
      o += c.length;
      if (o >= total) break;
    }
  })();
  for (let i = 0; i < total; i += 1 << 20) await conn.write(sent.subarray(i, i + (1 << 20)));
  await reading;
  const out = { sent: await hex(sent), got: await hex(got), bytes: o, fingerprint: conn.fingerprint };
  conn.close();
  return out;
};
window.ready = true;
`;

/** Serves `/core/<path>.js` as packages/core/src/<path>.ts transpiled to ESM, and a blank page. */
async function serveCore(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_SCRIPT);
    if (!path.startsWith('/core/')) {
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tunnel</title><script type="module" src="/page.js"></script>');
    }
    const file = `${coreSrc}${path.slice(6).replace(/\.js$/, '.ts')}`;
    if (path.includes('..') || !existsSync(file)) return res.writeHead(404).end();
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let browser: Browser | undefined;
let relay: TestRelay | undefined;
let page: { server: Server } | undefined;
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  page?.server.close();
});

describe('tunnel client in a browser', () => {
  it.skipIf(!existsSync(CHROMIUM))('Chromium dials a Node listener through the relay; 4 MiB echo is byte-identical', async () => {
    relay = await startTestRelay();
    const served = await serveCore();
    page = served;
    let fingerprint = '';
    const reservation = await listenViaRelay({
      relay: relay.url,
      WebSocket: NodeWebSocket,
      infoHash: INFO_HASH,
      peerId: 'node-seeder',
      cipher: nodeTunnelCipher,
      wire: nodeTunnelWire, // Node's own frames and record reader against the browser's WebSocket
      onConnection: (conn) => {
        fingerprint = conn.fingerprint;
        void (async () => {
          for await (const chunk of conn.readable) await conn.write(chunk); // echo
        })().catch(() => undefined);
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const tab = await browser.newPage();
    await tab.goto(`${served.url}/`);
    await tab.waitForFunction('window.ready === true', undefined, { timeout: 20_000 });
    const result = await within(
      tab.evaluate(`window.runTunnel(${JSON.stringify({ relayUrl: relay.url, infoHash: INFO_HASH })})`) as Promise<PageResult>,
      60_000,
      'browser round trip',
    );
    reservation.close();
    expect(result.bytes).toBe(4 * 1024 * 1024);
    expect(result.got).toBe(result.sent);
    expect(result.fingerprint).toBe(fingerprint);
  });
});
