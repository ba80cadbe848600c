/**
 * @module e2e/interop-aria2.test — Interop with aria2 1.36 (v1 only): aria2 downloads from a seedling seeder, and seedling
 * downloads from an aria2 seeder. aria2 cannot add a peer by address, so both sides meet through
 * the relay's HTTP tracker named in the torrent. DHT, LPD and PEX are off; everything binds
 * 127.0.0.1. Outputs are compared by SHA-256.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startRelay, tempDir, treeHashes, writeRandomFiles } from './helpers/fixtures.js';
import { freePort, hasCommand } from './helpers/ports.js';
import { ARIA_QUIET } from './helpers/reference-clients.js';
import { kill, killAll, runSeedling, seedling, start, waitForEvent, withTimeout, type Proc } from './helpers/processes.js';

let relay: { proc: Proc; url: string };
let root: string;
let data: string;
let torrent: string;
let expected: Record<string, string>;

beforeAll(async () => {
  relay = await startRelay();
  root = await tempDir();
  data = join(root, 'payload');
  await writeRandomFiles(data, { 'movie.bin': 3_000_000, 'extras/notes.txt': 54_321 });
  expected = await treeHashes(data);
  torrent = join(root, 'payload.torrent');
  const c = await runSeedling(['create', data, '-o', torrent, '--v1', '--piece-length', '262144', '--tracker', `${relay.url}/announce`]);
  expect(c.code, c.stderr).toBe(0);
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

describe.skipIf(!hasCommand('aria2c'))('aria2', () => {
  it('aria2 downloads from a seedling seeder', async () => {
    const seeder = seedling(['seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
    await waitForEvent(seeder, 'ready');
    const out = await tempDir();
    const aria = start('aria2c', [`--dir=${out}`, '--seed-time=0', `--listen-port=${await freePort()}`, '--file-allocation=none', ...ARIA_QUIET, torrent]);
    const code = await withTimeout(aria.exited, 60_000, 'aria2c download');
    expect(code, aria.stdout + aria.stderr).toBe(0);
    expect(await treeHashes(join(out, 'payload'))).toEqual(expected);
    await kill(seeder);
  });

  it('seedling downloads from an aria2 seeder', async () => {
    const aria = start('aria2c', [`--dir=${root}`, '--check-integrity=true', '--seed-ratio=0.0', '--seed-time=10', `--listen-port=${await freePort()}`, ...ARIA_QUIET, torrent]);
    const out = await tempDir();
    // aria2 checks its data, announces, and unchokes new peers on its 10 s round.
    const got = await runSeedling(['get', torrent, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 75_000 });
    expect(got.code, got.stderr).toBe(0);
    // The only peer is aria2 (peer id prefix `A2-`), the seedling seeder above is gone.
    const peers = got.events.filter((e) => e.event === 'peer');
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(p.peerId).toMatch(/^A2-/);
    expect(await treeHashes(join(out, 'payload'))).toEqual(expected);
    void aria;
  });
});
