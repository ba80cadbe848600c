/**
 * @module e2e/swarm.test — seedling seeds, seedling downloads, through the real relay's HTTP tracker: multi-file v1, v2
 * and hybrid torrents, a magnet link without a .torrent (metadata over ut_metadata), a share
 * link, and two downloaders at once.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startRelay, tempDir, treeHashes, writeRandomFiles } from './helpers/fixtures.js';
import { kill, killAll, runSeedling, seedling, waitForEvent, waitUntil, withTimeout, type Proc } from './helpers/processes.js';

const FILES = { 'a.bin': 2_500_000, 'sub/b.bin': 700_001, 'sub/deeper/c.txt': 1234 };
let relay: { proc: Proc; url: string };
let data: string;
let expected: Record<string, string>;

beforeAll(async () => {
  relay = await startRelay();
  const root = await tempDir();
  data = join(root, 'share');
  await writeRandomFiles(data, FILES);
  expected = await treeHashes(data);
});

afterEach(async () => {
  // Seeders and downloaders of one test never outlive it (the relay stays for the file).
  await killAll([relay.proc]);
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

async function seed(args: string[]): Promise<{ proc: Proc; ready: Record<string, unknown> }> {
  const proc = seedling(['seed', ...args, '--relay', relay.url, '--bind', '127.0.0.1', '--json']);
  const ready = await waitForEvent(proc, 'ready', 30_000);
  return { proc, ready };
}

async function get(source: string, out: string, extra: string[] = []): Promise<{ code: number | string; events: Record<string, unknown>[]; stderr: string }> {
  return runSeedling(['get', source, '-o', out, '--bind', '127.0.0.1', '--json', ...extra], { timeoutMs: 60_000 });
}

describe('seedling → seedling through the relay tracker', () => {
  for (const version of ['v1', 'v2', 'hybrid'] as const) {
    it(`downloads a multi-file ${version} torrent byte-identical (SHA-256)`, async () => {
      const dir = await tempDir();
      const torrent = join(dir, `share-${version}.torrent`);
      const created = await runSeedling(['create', data, '-o', torrent, `--${version}`, '--piece-length', '65536', '--tracker', `${relay.url}/announce`]);
      expect(created.code).toBe(0);
      const { proc: seeder } = await seed([data, '--torrent', torrent]);
      const out = join(dir, 'out');
      const res = await get(torrent, out);
      expect(res.code, res.stderr).toBe(0);
      const done = res.events.find((e) => e.event === 'done')!;
      expect(done.verified).toBe(done.length);
      expect(await treeHashes(join(out, 'share'))).toEqual(expected);
      await kill(seeder);
      expect(await seeder.exited).toBe(0); // SIGTERM: clean shutdown, exit 0
    });
  }

  it('downloads from a magnet link alone (metadata over ut_metadata) and from a share link', async () => {
    const { ready } = await seed([data]);
    expect(ready.magnet).toMatch(/^magnet:\?xt=urn:btih:[0-9a-f]{40}&xt=urn:btmh:1220[0-9a-f]{64}/);
    expect(ready.shareLink).toBe(`${relay.url}/#${ready.magnet as string}`);
    const dir = await tempDir();
    const viaMagnet = await get(ready.magnet as string, join(dir, 'm'));
    expect(viaMagnet.code, viaMagnet.stderr).toBe(0);
    expect(viaMagnet.events.some((e) => e.event === 'metadata')).toBe(true);
    expect(await treeHashes(join(dir, 'm', 'share'))).toEqual(expected);
    // A share link carries the magnet in its fragment; its origin is the relay (no --relay given).
    const magnetNoTracker = (ready.magnet as string).replace(/&tr=[^&]*/g, '');
    const share = `${relay.url}/#${magnetNoTracker}`;
    const viaShare = await get(share, join(dir, 's'));
    expect(viaShare.code, viaShare.stderr).toBe(0);
    expect(await treeHashes(join(dir, 's', 'share'))).toEqual(expected);
  });

  it('downloads a pure v2 magnet (piece layers fetched with BEP 52 hash requests)', async () => {
    const { ready } = await seed([data, '--v2']);
    expect(ready.magnet).toMatch(/^magnet:\?xt=urn:btmh:1220[0-9a-f]{64}&/);
    const dir = await tempDir();
    const res = await get(ready.magnet as string, join(dir, 'v2'));
    expect(res.code, res.stderr).toBe(0);
    expect(await treeHashes(join(dir, 'v2', 'share'))).toEqual(expected);
  });

  it('two downloaders at once: the second also receives pieces from the first', async () => {
    const { proc: seeder, ready } = await seed([data, '--up-rate', '1MB']);
    const dir = await tempDir();
    // Both downloaders keep seeding, so each can serve the other.
    const first = seedling(['get', ready.magnet as string, '-o', join(dir, '1'), '--bind', '127.0.0.1', '--json', '--seed']);
    const second = seedling(['get', ready.magnet as string, '-o', join(dir, '2'), '--bind', '127.0.0.1', '--json', '--seed']);
    await withTimeout(Promise.all([waitForEvent(first, 'done', 60_000), waitForEvent(second, 'done', 60_000)]), 70_000, 'both downloads');
    expect(await treeHashes(join(dir, '1', 'share'))).toEqual(expected);
    expect(await treeHashes(join(dir, '2', 'share'))).toEqual(expected);
    // The seeder is capped at 1 MB/s for ~3.2 MB: the downloaders exchanged pieces between themselves.
    const uploaded = (p: Proc): number => Math.max(0, ...p.events.filter((e) => typeof e.uploaded === 'number').map((e) => e.uploaded as number));
    await waitUntil(() => uploaded(first) + uploaded(second) > 0, 10_000, 'a downloader to report uploaded bytes');
    await kill(first);
    await kill(second);
    await kill(seeder);
  });
});
