/**
 * @module e2e/interop-libtorrent.test — Interop with libtorrent 2.0 (python3-libtorrent), the reference for BEP 52: v2 and hybrid
 * torrents made by seedling are downloaded by libtorrent from a seedling seeder, and seedling
 * downloads from a libtorrent seeder (a v2 .torrent, and a hybrid magnet whose metadata comes
 * over ut_metadata). Peers meet through the relay's tracker; outputs compared by SHA-256.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startRelay, tempDir, treeHashes, writeRandomFiles } from './helpers/fixtures.js';
import { freePort } from './helpers/ports.js';
import { hasLibtorrent, LT_CLIENT, PYTHON } from './helpers/reference-clients.js';
import { killAll, runSeedling, seedling, start, waitForEvent, withTimeout, type Proc } from './helpers/processes.js';

let relay: { proc: Proc; url: string };
let root: string;
let data: string;
let expected: Record<string, string>;

beforeAll(async () => {
  relay = await startRelay();
  root = await tempDir();
  data = join(root, 'pack');
  // Sizes not piece-aligned, so v2 files end mid-piece (BEP 52 alignment, libtorrent padding).
  await writeRandomFiles(data, { 'a.bin': 2_000_000, 'b.bin': 300_001 });
  expected = await treeHashes(data);
});

afterEach(async () => {
  await killAll([relay.proc]);
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

async function makeTorrent(version: 'v2' | 'hybrid'): Promise<string> {
  const torrent = join(root, `pack-${version}.torrent`);
  const c = await runSeedling(['create', data, '-o', torrent, `--${version}`, '--piece-length', '65536', '--tracker', `${relay.url}/announce`]);
  expect(c.code, c.stderr).toBe(0);
  return torrent;
}

describe.skipIf(!hasLibtorrent())('libtorrent 2.0', () => {
  for (const version of ['v2', 'hybrid'] as const) {
    it(`libtorrent downloads a ${version} torrent from a seedling seeder`, async () => {
      const torrent = await makeTorrent(version);
      const seeder = seedling(['seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
      await waitForEvent(seeder, 'ready');
      const out = await tempDir();
      const lt = start(PYTHON, [LT_CLIENT, torrent, out, String(await freePort()), 'download', '60']);
      await waitForEvent(lt, 'done', 70_000);
      expect(await treeHashes(join(out, 'pack'))).toEqual(expected);
    });
  }

  it('seedling downloads a v2 torrent from a libtorrent seeder', async () => {
    const torrent = await makeTorrent('v2');
    const lt = start(PYTHON, [LT_CLIENT, torrent, root, String(await freePort()), 'seed', '60']);
    await waitForEvent(lt, 'ready', 30_000);
    const out = await tempDir();
    const got = await runSeedling(['get', torrent, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 60_000 });
    expect(got.code, got.stderr).toBe(0);
    const peers = got.events.filter((e) => e.event === 'peer');
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(String(p.peerId)).toMatch(/^-LT/);
    expect(await treeHashes(join(out, 'pack'))).toEqual(expected);
  });

  it('seedling downloads a hybrid magnet from a libtorrent seeder (metadata over ut_metadata)', async () => {
    const torrent = await makeTorrent('hybrid');
    const info = JSON.parse((await runSeedling(['info', torrent, '--json'])).stdout) as { infoHashV1: string; infoHashV2: string };
    const lt = start(PYTHON, [LT_CLIENT, torrent, root, String(await freePort()), 'seed', '60']);
    await waitForEvent(lt, 'ready', 30_000);
    const magnet = `magnet:?xt=urn:btih:${info.infoHashV1}&xt=urn:btmh:1220${info.infoHashV2}&tr=${encodeURIComponent(`${relay.url}/announce`)}`;
    const out = await tempDir();
    const got = await withTimeout(runSeedling(['get', magnet, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 60_000 }), 65_000, 'magnet download');
    expect(got.code, got.stderr).toBe(0);
    expect(got.events.some((e) => e.event === 'metadata')).toBe(true);
    const peers = got.events.filter((e) => e.event === 'peer');
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(String(p.peerId)).toMatch(/^-LT/);
    expect(await treeHashes(join(out, 'pack'))).toEqual(expected);
  });

  it('seedling downloads a pure v2 magnet from a libtorrent seeder (piece layers by BEP 52 hash requests)', async () => {
    const torrent = await makeTorrent('v2');
    const info = JSON.parse((await runSeedling(['info', torrent, '--json'])).stdout) as { infoHashV2: string };
    const lt = start(PYTHON, [LT_CLIENT, torrent, root, String(await freePort()), 'seed', '60']);
    await waitForEvent(lt, 'ready', 30_000);
    const magnet = `magnet:?xt=urn:btmh:1220${info.infoHashV2}&tr=${encodeURIComponent(`${relay.url}/announce`)}`;
    const out = await tempDir();
    const got = await runSeedling(['get', magnet, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 60_000 });
    expect(got.code, got.stderr).toBe(0);
    expect(await treeHashes(join(out, 'pack'))).toEqual(expected);
  });
});
