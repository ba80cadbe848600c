/**
 * Smart ban against a real `seedling get` over TCP on 127.0.0.1 (issue 7): a scripted source
 * that claims every piece, unchokes, answers block 0 of every piece with garbage at once and every
 * other block correctly but 10 s late (cancels honoured), next to one honest (rate-capped) `seedling seed`. Pieces then mix blocks of
 * both; blaming every contributor of a failed piece would ban the honest seeder after a few such
 * pieces and stall the download (it did). With the smart ban, a failed piece is re-downloaded
 * from one peer at a time: from the seeder it verifies and shows the junk source's block 0 was
 * different; from the junk source alone it fails with a sole contributor. Either way the junk
 * source is banned, the honest seeder is not, and the file arrives exact.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { kill, killAll, seedling, withTimeout } from '../e2e/helpers/processes.js';
import { frame, fullBitfield, handshake, Id, listenRaw } from './helpers/raw-peer.js';
import { sharedFile, startSeeder } from './helpers/swarm-fixture.js';

const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await removeTempDirs();
});

it('a source lying in block 0 of every piece is banned by the smart ban; the honest seeder is not', async () => {
  const pieceLength = 64 * 1024; // 4 blocks a piece: most pieces mix both sources
  const s = await sharedFile(2 * 1024 * 1024, pieceLength);
  const bytes = await readFile(s.data);
  const seeder = await startSeeder(s, ['--up-rate', '1MB']);

  const junkStats = { requests: 0, lies: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const junk = await listenRaw((c) => {
    c.send(handshake(s.infoHash, '-HX0001-junkblock000'));
    c.send(frame(Id.bitfield, fullBitfield(s.pieceCount)));
    c.send(frame(Id.unchoke));
    const pending = new Map<string, NodeJS.Timeout>();
    c.onMessage((id, p) => {
      const key = p.subarray(0, 8).toString('hex');
      if (id === Id.cancel) {
        clearTimeout(pending.get(key));
        pending.delete(key);
        return;
      }
      if (id !== Id.request) return;
      junkStats.requests++;
      const index = p.readUInt32BE(0);
      const begin = p.readUInt32BE(4);
      const length = p.readUInt32BE(8);
      const at = index * s.pieceLength + begin;
      const answer = (block: Buffer): boolean => c.send(frame(Id.piece, Buffer.concat([p.subarray(0, 8), block])));
      if (begin === 0) {
        // Block 0 of each piece: garbage, at once.
        junkStats.lies++;
        answer(randomBytes(length));
        return;
      }
      // Every other block: the real data, but 10 s late — the downloader's endgame gets them from
      // the honest seeder first, so every piece the junk source is asked for mixes its bad block 0
      // with good blocks of the seeder (it is never the sole contributor of a piece).
      const t = setTimeout(() => {
        timers.delete(t);
        pending.delete(key);
        answer(bytes.subarray(at, at + length));
      }, 10_000);
      timers.add(t);
      pending.set(key, t);
    });
  });
  closers.push(async () => {
    for (const t of timers) clearTimeout(t);
  });
  closers.push(junk.close);

  const out = join(s.root, 'out');
  const get = seedling(['get', s.torrent, '-o', out, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${junk.port}`, '--peer', `127.0.0.1:${seeder.port}`]);
  const code = await withTimeout(get.exited, 90_000, 'download next to a block-0 liar');
  const banned = get.events.filter((e) => e.event === 'peer-banned');
  const failed = get.events.filter((e) => e.event === 'warning' || e.event === 'hash-failed');
  console.log(`smart ban: get exit ${code}; junk answered ${junkStats.requests} requests (${junkStats.lies} garbage); bans ${JSON.stringify(banned)}; warnings ${failed.length}`);
  expect(code, get.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));

  // The junk source lied, and was banned for it.
  expect(junkStats.lies).toBeGreaterThan(0);
  const junkBan = banned.find((e) => e.address === `127.0.0.1:${junk.port}`);
  expect(junkBan, JSON.stringify(banned)).toBeDefined();
  // Either a retried piece verified from the seeder and showed the junk source's block 0 differs
  // (smart ban), or the junk source got a retried piece to itself and failed it alone.
  expect(String(junkBan!.reason)).toMatch(/differs from the verified piece \(smart ban\)|sole contributor/);
  expect(banned.length).toBe(1);
  // The honest seeder, which shared failed pieces with it, was not.
  expect(banned.filter((e) => e.address === `127.0.0.1:${seeder.port}`)).toEqual([]);
  await kill(seeder.proc);
});
