/**
 * BEP 3: "Spare bits at the end are set to zero. Clients may drop the connection if they receive
 * bitfields that are not of the correct size, or if the bitfield has any of the spare bits set."
 * A scripted source over TCP on 127.0.0.1 sends a full bitfield whose spare bits are set (a
 * client that treated it as a seeder would ask it for pieces it cannot have); a real
 * `seedling get` must drop it without requesting anything, and finish from an honest seeder —
 * both with a .torrent (the piece count is known when the bitfield arrives) and with a magnet
 * (the bitfield waits for the metadata, BEP 9). A `seedling seed` dialled by such a leecher
 * drops it too.
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { kill, killAll, seedling, waitUntil, withTimeout } from '../e2e/helpers/processes.js';
import { dialRaw, frame, handshake, Id, listenRaw } from './helpers/raw-peer.js';
import { sharedFile, startSeeder, type Shared } from './helpers/swarm-fixture.js';

const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await removeTempDirs();
});

/** Every bit of ceil(pieceCount/8) bytes set: all pieces, and the must-be-zero spare bits too. */
function bitfieldWithSpareBits(pieceCount: number): Buffer {
  return Buffer.alloc(Math.ceil(pieceCount / 8), 0xff);
}

async function runCase(s: Shared, source: string): Promise<void> {
  const seeder = await startSeeder(s);
  let requests = 0;
  const liar = await listenRaw((c) => {
    c.send(handshake(s.infoHash, '-HX0001-sparebits000'));
    c.send(frame(Id.bitfield, bitfieldWithSpareBits(s.pieceCount)));
    c.send(frame(Id.unchoke));
    c.onMessage((id) => {
      if (id === Id.request) requests++;
    });
  });
  closers.push(liar.close);
  const out = join(s.root, `out-${source.startsWith('magnet') ? 'magnet' : 'torrent'}`);
  const get = seedling(['get', source, '-o', out, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${liar.port}`, '--peer', `127.0.0.1:${seeder.port}`]);
  const code = await withTimeout(get.exited, 60_000, 'download next to a spare-bits source');
  const closed = get.events.filter((e) => e.event === 'peer-closed' && e.address === `127.0.0.1:${liar.port}`);
  console.log(`spare bits (${source.slice(0, 7)}): get exit ${code}; requests to the liar ${requests}; closed with ${JSON.stringify(closed.map((e) => e.reason))}`);
  expect(code, get.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));
  expect(closed.length, JSON.stringify(get.events.filter((e) => e.event === 'peer-closed'))).toBeGreaterThan(0);
  expect(String(closed[0]!.reason)).toMatch(/spare bits/);
  expect(requests).toBe(0);
  await kill(seeder.proc);
}

// 13 pieces: 2 bytes, 3 spare bits.
const SIZE = 13 * 16384 - 1000;

it('a bitfield with spare bits set closes the connection (.torrent)', async () => {
  const s = await sharedFile(SIZE);
  expect(s.pieceCount % 8).not.toBe(0);
  await runCase(s, s.torrent);
});

it('a bitfield with spare bits set closes the connection (magnet, bitfield before metadata)', async () => {
  const s = await sharedFile(SIZE);
  await runCase(s, `magnet:?xt=urn:btih:${s.infoHash}`);
});

it('a seeder drops a leecher whose bitfield has spare bits set', async () => {
  const s = await sharedFile(SIZE);
  const seeder = await startSeeder(s);
  const c = await dialRaw(seeder.port);
  closers.push(async () => void c.socket.destroy());
  c.send(handshake(s.infoHash, '-HX0001-sparebits001'));
  c.send(frame(Id.bitfield, bitfieldWithSpareBits(s.pieceCount)));
  c.send(frame(Id.interested));
  await waitUntil(() => c.closed, 15_000, 'the seeder closes the spare-bits leecher');
  const closed = await waitUntil(() => seeder.proc.events.find((e) => e.event === 'peer-closed'), 5_000, 'peer-closed event');
  console.log(`spare bits (seeder side): closed with ${String(closed.reason)}`);
  expect(String(closed.reason)).toMatch(/spare bits/);
  await kill(seeder.proc);
});
