/**
 * Hostile peers serving a real `seedling get`, next to one honest (rate-capped) `seedling seed`:
 * a peer sending corrupt pieces (hash failure → banned, reported in --json and on stderr), a peer
 * announcing a 2 GiB message (dropped before any buffering), a peer lying in its bitfield (claims
 * every piece, never sends one) and a slowloris peer (a message trickled a byte at a time). The
 * download completes, the file is exact and the downloader's RSS stays bounded.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { kill, killAll, seedling, withTimeout } from '../e2e/helpers/processes.js';
import { blockRef, frame, fullBitfield, handshake, Id, listenRaw, type RawConn } from './helpers/raw-peer.js';
import { sampleRss } from './helpers/rss.js';
import { sharedFile, startSeeder } from './helpers/swarm-fixture.js';

const closers: (() => Promise<void>)[] = [];
const timers: NodeJS.Timeout[] = [];

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await removeTempDirs();
});

/** Handshake, full bitfield and unchoke: the opening of every source below. */
function openAsSeed(c: RawConn, infoHash: string, pieceCount: number, peerId: string): void {
  c.send(handshake(infoHash, peerId));
  c.send(frame(Id.bitfield, fullBitfield(pieceCount)));
  c.send(frame(Id.unchoke));
}

it('corrupt, oversized, lying and slowloris sources: banned or dropped, and the download completes', async () => {
  const s = await sharedFile(1024 * 1024);
  const seeder = await startSeeder(s, ['--up-rate', '400KB']);

  const requestsTo = { corrupt: 0, liar: 0 };
  const corrupt = await listenRaw((c) => {
    openAsSeed(c, s.infoHash, s.pieceCount, '-HX0001-corruptpeer1');
    c.onMessage((id, p) => {
      if (id !== Id.request) return;
      requestsTo.corrupt++;
      // The block the downloader asked for, filled with garbage: only the piece hash can tell.
      const payload = Buffer.concat([p.subarray(0, 8), randomBytes(p.readUInt32BE(8))]);
      c.send(frame(Id.piece, payload));
    });
  });
  const huge = await listenRaw((c) => {
    openAsSeed(c, s.infoHash, s.pieceCount, '-HX0001-hugelength01');
    const head = Buffer.alloc(5);
    head.writeUInt32BE(0x8000_0000, 0); // a 2 GiB piece message
    head[4] = Id.piece;
    c.send(Buffer.concat([head, blockRef(0, 0, 16384)]));
  });
  const liar = await listenRaw((c) => {
    openAsSeed(c, s.infoHash, s.pieceCount, '-HX0001-liarliar0001');
    c.onMessage((id) => {
      if (id === Id.request) requestsTo.liar++;
    });
  });
  const slow = await listenRaw((c) => {
    c.send(handshake(s.infoHash, '-HX0001-slowloris001'));
    // A bitfield message announced in full, then delivered one byte every 300 ms.
    const msg = frame(Id.bitfield, fullBitfield(s.pieceCount));
    let i = 0;
    const t = setInterval(() => {
      if (i < msg.length - 1) c.send(msg.subarray(i, ++i));
    }, 300);
    timers.push(t);
  });
  closers.push(corrupt.close, huge.close, liar.close, slow.close);

  const out = join(s.root, 'out');
  const ports = [corrupt.port, huge.port, liar.port, slow.port, seeder.port];
  const get = seedling(['get', s.torrent, '-o', out, '--json', '--transport', 'tcp', ...ports.flatMap((p) => ['--peer', `127.0.0.1:${p}`])]);
  const rss = sampleRss(get.pid);
  const code = await withTimeout(get.exited, 90_000, 'download with hostile sources');
  const mem = rss.stop();
  console.log(`hostile sources: get exit ${code}, peak RSS ${mem.peakMb.toFixed(1)} MB over ${mem.samples} samples; requests to corrupt ${requestsTo.corrupt}, to liar ${requestsTo.liar}`);
  expect(code, get.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));

  // The corrupt peer was asked, failed the hash check and was banned — named in --json and on stderr.
  expect(requestsTo.corrupt).toBeGreaterThan(0);
  const banned = get.events.filter((e) => e.event === 'peer-banned');
  const ban = banned.find((e) => e.address === `127.0.0.1:${corrupt.port}`);
  expect(ban, JSON.stringify(banned)).toBeDefined();
  expect(String(ban!.reason)).toMatch(/hash/);
  expect(get.stderr).toContain(`banned peer 127.0.0.1:${corrupt.port}`);
  // No honest peer was banned.
  expect(banned.every((e) => e.address !== `127.0.0.1:${seeder.port}`)).toBe(true);

  // The 2 GiB announcement closed that connection (the downloader did not wait for 2 GiB).
  const hugeClosed = get.events.find((e) => e.event === 'peer-closed' && e.address === `127.0.0.1:${huge.port}`);
  expect(hugeClosed, JSON.stringify(get.events.filter((e) => e.event === 'peer-closed'))).toBeDefined();
  console.log(`2 GiB peer closed with: ${String(hugeClosed!.reason)}`);
  expect(String(hugeClosed!.reason)).toMatch(/too large|FRAME|length/i);

  // The liar was asked for pieces it never sent, and the download still finished.
  expect(requestsTo.liar).toBeGreaterThan(0);
  expect(mem.peakMb).toBeLessThan(200);
  await kill(seeder.proc);
});
