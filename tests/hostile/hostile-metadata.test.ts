/**
 * Hostile metadata sources for a magnet download (BEP 9 over BEP 10), each answering before an
 * honest `seedling seed` (reached through a proxy that delays it by 1.5 s): a peer announcing a
 * 1 GiB `metadata_size`, and a peer announcing a wrong size and then sending garbage metadata.
 * The download must complete with the exact file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { killAll, seedling, withTimeout } from '../e2e/helpers/processes.js';
import { delayProxy } from './helpers/delay-proxy.js';
import { frame, handshake, Id, listenRaw, type RawConn } from './helpers/raw-peer.js';
import { sharedFile, startSeeder, type Shared } from './helpers/swarm-fixture.js';

const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await removeTempDirs();
});

/** Our BEP 10 id for ut_metadata; Seedling's own is 1 (UT_METADATA_LOCAL_ID). */
const OUR_UT_METADATA = 3;
const SEEDLING_UT_METADATA = 1;

function extendedHandshake(metadataSize: number): Buffer {
  const dict = `d1:md11:ut_metadatai${OUR_UT_METADATA}ee13:metadata_sizei${metadataSize}ee`;
  return frame(Id.extended, Buffer.concat([Buffer.of(0), Buffer.from(dict, 'latin1')]));
}

/** A metadata source: opens with an extended handshake; answers requests with `answer`. */
function metadataPeer(s: Shared, peerId: string, size: number, answer?: (c: RawConn, piece: number) => void): Promise<{ port: number; requests: number[]; close: () => Promise<void> }> {
  const requests: number[] = [];
  return listenRaw((c) => {
    c.send(handshake(s.infoHash, peerId, true));
    c.send(extendedHandshake(size));
    c.onMessage((id, p) => {
      if (id !== Id.extended || p[0] !== OUR_UT_METADATA) return;
      const m = /8:msg_typei(\d+)e5:piecei(\d+)e/.exec(p.subarray(1).toString('latin1'));
      if (!m || m[1] !== '0') return;
      requests.push(Number(m[2]));
      answer?.(c, Number(m[2]));
    });
  }).then((l) => ({ port: l.port, requests, close: l.close }));
}

async function magnetGet(s: Shared, ports: number[], timeoutMs = 45_000): Promise<{ code: number | string; events: Record<string, unknown>[]; stderr: string; out: string }> {
  const out = join(s.root, `out-${ports.join('-')}`);
  const magnet = `magnet:?xt=urn:btih:${s.infoHash}`;
  const get = seedling(['get', magnet, '-o', out, '--json', '--transport', 'tcp', ...ports.flatMap((p) => ['--peer', `127.0.0.1:${p}`])]);
  const code = await withTimeout(get.exited, timeoutMs, 'the magnet download').catch((e: Error) => e.message);
  return { code, events: get.events, stderr: get.stderr, out };
}

async function honestBehindProxy(s: Shared): Promise<number> {
  const seeder = await startSeeder(s);
  const proxy = await delayProxy(seeder.port, 1500);
  closers.push(proxy.close);
  return proxy.port;
}

it('a 1 GiB metadata_size is refused (no allocation) and the honest seeder supplies the metadata', async () => {
  const s = await sharedFile(256 * 1024);
  const bomb = await metadataPeer(s, '-HX0001-metabomb0001', 1 << 30);
  closers.push(bomb.close);
  const r = await magnetGet(s, [bomb.port, await honestBehindProxy(s)]);
  expect(r.code, r.stderr).toBe(0);
  expect(await sha256File(join(r.out, 'blob.bin'))).toBe(await sha256File(s.data));
  expect(bomb.requests).toEqual([]);
  const closed = r.events.find((e) => e.event === 'peer-closed' && e.address === `127.0.0.1:${bomb.port}`);
  expect(String(closed?.reason)).toMatch(/metadata_size|METADATA_TOO_LARGE/);
});

// Fixed bug (packages/core/src/swarm/metadata-fetcher.ts): the first peer to announce a
// `metadata_size` fixed the size for good, even after its garbage failed the hash check, so the
// honest seeder (right size) was never asked. The size is now forgotten after a mismatch (and
// switched when no open peer announces it), and the next peer's size is taken.
it('a peer lying about metadata_size, then sending garbage, is banned and the download still completes', async () => {
  const s = await sharedFile(256 * 1024);
  const wrongSize = 20_000; // the real info dict of this torrent is a few hundred bytes
  const liar = await metadataPeer(s, '-HX0001-metaliar0001', wrongSize, (c, piece) => {
    const len = Math.min(16384, wrongSize - piece * 16384);
    const head = Buffer.from(`d8:msg_typei1e5:piecei${piece}e10:total_sizei${wrongSize}ee`, 'latin1');
    c.send(frame(Id.extended, Buffer.concat([Buffer.of(SEEDLING_UT_METADATA), head, randomBytes(len)])));
  });
  closers.push(liar.close);
  // Fixed, this takes ~3 s (1.5 s of proxy delay); with the bug it never ends.
  const r = await magnetGet(s, [liar.port, await honestBehindProxy(s)], 15_000);
  expect(liar.requests.length).toBeGreaterThan(0);
  expect(r.code, r.stderr).toBe(0);
  expect(await sha256File(join(r.out, 'blob.bin'))).toBe(await sha256File(s.data));
}, 60_000);
