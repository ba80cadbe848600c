/**
 * @module tests/webtorrent-interop/webtorrent-interop.test — issue 5: a real WebTorrent peer
 * (WebTorrent's browser bundle in headless Chromium) and the seedling CLI exchange a file over
 * WebRTC, with seedling-relay's WebSocket tracker carrying the offers and answers:
 *   1. `seedling seed --relay` → WebTorrent `client.add(magnet)` (hybrid and v1 torrents);
 *   2. WebTorrent `client.seed(File)` → `seedling get <magnet> --relay --transport webrtc`.
 * Each side checks the SHA-256 of what it got against the original. Runs inside the isolated
 * network namespace (Chromium gathers no candidates on loopback alone), so the CLI is not bound
 * to 127.0.0.1 here: node-datachannel gathers on the namespace's veth addresses.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { removeTempDirs, sha256File, startRelay, tempDir, writeRandomFiles } from '../e2e/helpers/fixtures.js';
import { CLI, kill, killAll, start, waitForEvent, withTimeout, type Proc } from '../e2e/helpers/processes.js';
import { PAGE_WEBTORRENT_SCRIPT, webtorrentBundle } from './page-webtorrent.js';

const MiB = 1024 * 1024;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let relay: { proc: Proc; url: string };
let announce: string;
let browser: Browser | undefined;
let page: Page;
const bundle = webtorrentBundle();

beforeAll(async () => {
  relay = await startRelay();
  announce = `${relay.url.replace(/^http/, 'ws')}/announce`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
});

/** A fresh page on the relay's origin with WebTorrent loaded and a client started. */
beforeEach(async () => {
  await page?.evaluate(() => window.wtPeer.destroy()).catch(() => undefined);
  await page?.context().close();
  page = await (await browser!.newContext()).newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(`${relay.url}/webtorrent-interop`).catch(() => undefined); // a 404 page: only the origin matters
  await page.addScriptTag({ type: 'module', content: bundle.source });
  await page.waitForFunction(() => typeof window.WebTorrent === 'function', undefined, { timeout: 30_000 });
  await page.addScriptTag({ content: PAGE_WEBTORRENT_SCRIPT });
  await page.evaluate(() => window.wtPeer.start());
});

afterAll(async () => {
  await browser?.close();
  await killAll();
  await removeTempDirs();
});

function cli(args: string[]): Proc {
  return start(process.execPath, [CLI, ...args, '--json']);
}

/** Peer ids: WebTorrent's browser build uses `-WW` + version (2.8.5 → `-WW0208-`), Seedling `-SD`. */
const WEBTORRENT_PEER_ID = /^-WW\d{4}-/;
const fromHex = (hex: string): string => Buffer.from(hex, 'hex').toString('latin1');

/** The `peer` events of a CLI process: transport and peer id of each connection. */
const cliPeers = (p: Proc): Array<{ transport: string; peerId: string }> =>
  p.events.filter((e) => e.event === 'peer').map((e) => ({ transport: e.transport as string, peerId: e.peerId as string }));

describe(`WebTorrent ${bundle.version} (browser bundle in Chromium) ⇄ seedling CLI through seedling-relay`, () => {
  it.each([
    // The CLI's default: a hybrid torrent (BEP 52); WebTorrent uses its v1 half (btih).
    { kind: 'hybrid, one file', flags: [] as string[], files: { 'data.bin': 32 * MiB } as Record<string, number> },
    { kind: 'v1, one file', flags: ['--v1'], files: { 'data.bin': 16 * MiB } },
    // Multi-file hybrid: BEP 47 pad files align each file to a piece; WebTorrent 2.8.5 lists
    // them as ordinary files (`shared/.pad/15150`) and downloads their zeros; the check skips them.
    { kind: 'hybrid, a folder', flags: [], files: { 'a.bin': 3 * MiB + 1234, 'sub/b.bin': 5 * MiB + 77, 'c.bin': 100 } },
  ])('seedling seeds ($kind), WebTorrent adds the magnet and downloads over WebRTC: SHA-256 identical', async ({ flags, files }) => {
    const dir = await tempDir('seedling-wt-');
    const single = Object.keys(files).length === 1;
    const root = single ? dir : join(dir, 'shared');
    await writeRandomFiles(root, files);
    const target = single ? join(root, Object.keys(files)[0]!) : root;
    const seeder = cli(['seed', target, ...flags, '--relay', relay.url, '--transport', 'webrtc']);
    const ready = await waitForEvent(seeder, 'ready', 60_000);
    // The CLI's magnet names only the relay's HTTP tracker, which a browser cannot use
    // (WebTorrent warns "Unsupported tracker protocol"): the page adds the ws:// announce URL.
    const got = await page.evaluate(({ magnet, tr }) => window.wtPeer.download(magnet, tr, 150_000), { magnet: ready.magnet as string, tr: announce });
    const total = Object.values(files).reduce((a, b) => a + b, 0);
    console.log(`seedling → WebTorrent: ${total} bytes in ${got.ms} ms (magnet added → done, metadata included)`);
    const want: Record<string, string> = {};
    for (const name of Object.keys(files)) want[single ? name : `shared/${name}`] = await sha256File(join(root, name));
    const have: Record<string, string> = {};
    for (const f of got.files) if (!/(^|\/)\.pad\//.test(f.path)) have[f.path] = f.sha256;
    expect(have).toEqual(want);
    // Connected over WebRTC to each other: WebTorrent's wire is the seedling seeder (BEP 10
    // handshake with ut_metadata), the seeder's only peer is WebTorrent.
    expect(got.wires.length).toBeGreaterThan(0);
    for (const w of got.wires) {
      expect(w.type).toBe('webrtc');
      expect(fromHex(w.peerId)).toMatch(/^-SD/);
      expect(w.utMetadata).toBeGreaterThan(0);
    }
    const peers = cliPeers(seeder);
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(p).toMatchObject({ transport: 'webrtc', peerId: expect.stringMatching(WEBTORRENT_PEER_ID) });
    await kill(seeder);
    expect(await seeder.exited).toBe(0);
  });

  it('WebTorrent seeds a File, seedling get <magnet> --transport webrtc downloads it: SHA-256 identical', async () => {
    const size = 24 * MiB + 12345; // a short last piece
    const seeded = await page.evaluate(({ n, tr }) => window.wtPeer.seed(n, 'from-webtorrent.bin', tr), { n: size, tr: announce });
    const out = join(await tempDir('seedling-wt-'), 'out');
    // The magnet has no metadata: seedling fetches the info dictionary from WebTorrent (BEP 9).
    const t0 = Date.now();
    const getter = cli(['get', seeded.magnet, '-o', out, '--relay', relay.url, '--transport', 'webrtc']);
    const code = await withTimeout(getter.exited, 150_000, 'seedling get from WebTorrent');
    console.log(`WebTorrent → seedling get: ${size} bytes in ${Date.now() - t0} ms (process start → exit)`);
    const stats = await page.evaluate(() => window.wtPeer.seedingStats());
    expect(code, `${getter.stderr}\npage log: ${stats.log.join(' | ')}`).toBe(0);
    expect(await sha256File(join(out, 'from-webtorrent.bin'))).toBe(seeded.sha256);
    expect(getter.events.some((e) => e.event === 'metadata')).toBe(true);
    const peers = cliPeers(getter);
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(p).toMatchObject({ transport: 'webrtc', peerId: expect.stringMatching(WEBTORRENT_PEER_ID) });
    expect(stats.uploaded).toBeGreaterThanOrEqual(size);
  });
});

declare global {
  interface Window {
    WebTorrent: unknown;
    wtPeer: {
      start(): void;
      download(magnet: string, announce: string, timeoutMs: number): Promise<{ ms: number; files: Array<{ path: string; length: number; sha256: string }>; infoHash: string; wires: Array<{ type: string; peerId: string; utMetadata: number }> }>;
      seed(size: number, name: string, announce: string): Promise<{ magnet: string; sha256: string; infoHash: string }>;
      seedingStats(): { uploaded: number; log: string[] };
      destroy(): Promise<void>;
      log: string[];
    };
  }
}
