/** @module swarm/peer-abuse.test — a seeder disconnects and bans request flooders and peers pushing unrequested blocks (issue 7). */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage, StorageFile } from '../storage/storage.js';
import { randomBytes } from '../testing/random.js';
import { createMemoryNetwork, createMemoryTransport } from '../transport/memory-transport.js';
import type { Connection } from '../transport/transport.js';
import { encodeMessage } from '../wire/encode.js';
import { FrameDecoder } from '../wire/frame-decoder.js';
import type { WireMessage } from '../wire/messages.js';
import { encodeHandshake, makeReserved } from '../wire/handshake.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import { AbuseCounters, MAX_UNREQUESTED_BYTES, onChokeSent, onChokedRequest, onUnchokeSent } from './peer-abuse.js';
import { SwarmHost } from './swarm-host.js';
import { Swarm } from './swarm.js';

let hasher: Hasher;
beforeAll(async () => {
  hasher = await createHasher();
});
const swarms: Swarm[] = [];
afterEach(async () => {
  await Promise.all(swarms.splice(0).map((s) => s.stop()));
});

const DATA = randomBytes(3, 8 * 32768);

/** A seeder of one 256 KiB file (32 KiB pieces) on the memory network, and a dialer to it. */
async function seeder(): Promise<{ swarm: Swarm; dial: () => Promise<Connection>; infoHash: Uint8Array }> {
  const source = { path: ['f.bin'], length: DATA.length, read: async (o: number, l: number) => DATA.slice(o, o + l) };
  const { metainfo } = await createTorrent([source], hasher, { version: 'v1', pieceLength: 32768, creationDate: null });
  const torrent = torrentFromMetainfo(metainfo);
  const inner = createMemoryStorage();
  const storage = async (files: readonly StorageFile[]): Promise<Storage> => {
    const st = await inner(files);
    await st.write(0, DATA);
    return st;
  };
  const net = createMemoryNetwork();
  const transport = createMemoryTransport({ network: net });
  const swarm = new Swarm({ torrent, storage, hash: { hasher } });
  swarms.push(swarm);
  const host = new SwarmHost();
  host.add(swarm);
  await transport.listen('seeder:1', host.accept);
  await swarm.start();
  return { swarm, dial: () => transport.dial('seeder:1'), infoHash: torrent.infoHashV1! };
}

/** Connect as a raw peer, send `frames` after the handshake, and wait for the seeder to close us. */
async function attack(s: Awaited<ReturnType<typeof seeder>>, fast: boolean, frames: Uint8Array[], waitMs = 10_000): Promise<{ reason: string; closed: boolean }> {
  const banned = new Promise<string>((resolve) => s.swarm.events.on('peer-banned', (b) => resolve(b.reason)));
  const conn = await s.dial();
  await conn.write(encodeHandshake({ reserved: makeReserved({ fast, extended: false }), infoHash: s.infoHash, peerId: new Uint8Array(20).fill(9) }));
  // One burst, as a flooder sends it (frame by frame the seeder would serve them as they come).
  const burst = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  frames.reduce((at, f) => (burst.set(f, at), at + f.length), 0);
  await conn.write(burst);
  // Not reading yet, like a flooder: the seeder's writes back up and its queue for us fills.
  const timeout = new Promise<false>((r) => setTimeout(() => r(false), waitMs));
  const reason = await Promise.race([banned, timeout.then(() => 'not banned')]);
  const drained = (async () => {
    for await (const chunk of conn.readable) void chunk; // ends when the seeder closes us
    return true;
  })();
  const closed = await Promise.race([drained, timeout]);
  return { reason, closed };
}

const request = (i: number) => encodeMessage({ type: 'request', index: i % 8, begin: 0, length: 16384 });

describe('peer abuse (issue 7)', () => {
  it('disconnects and bans a peer flooding requests past reqq (no fast extension: they were dropped silently)', async () => {
    const s = await seeder();
    const frames = [encodeMessage({ type: 'interested' }), ...Array.from({ length: 1000 }, (_, i) => request(i))];
    const r = await attack(s, false, frames);
    expect(r.reason).toMatch(/request flood: more than 256 requests beyond the reqq limit/);
    expect(r.closed).toBe(true);
  });

  it('disconnects and bans a peer that keeps requesting while choked (fast extension: each one rejected)', async () => {
    const s = await seeder();
    const r = await attack(s, true, Array.from({ length: 600 }, (_, i) => request(i)));
    expect(r.reason).toMatch(/while choked: more than 512 requests/);
    expect(r.closed).toBe(true);
  });

  it('disconnects and bans a peer sending more than the allowed bytes of unrequested blocks', async () => {
    const s = await seeder();
    const block = new Uint8Array(16384);
    const n = MAX_UNREQUESTED_BYTES / block.length + 2;
    const r = await attack(s, true, Array.from({ length: n }, (_, i) => encodeMessage({ type: 'piece', index: i % 8, begin: 0, block })));
    expect(r.reason).toMatch(/bytes of blocks nobody requested/);
    expect(r.closed).toBe(true);
  });

  it('a peer sending a few unrequested blocks and requests within the limits stays connected', async () => {
    const s = await seeder();
    const block = new Uint8Array(16384);
    const frames = [
      ...Array.from({ length: 4 }, (_, i) => encodeMessage({ type: 'piece', index: i, begin: 0, block })),
      ...Array.from({ length: 100 }, (_, i) => request(i)), // while choked: rejected, under the threshold
    ];
    const r = await attack(s, true, frames, 1500);
    expect(r.reason).toBe('not banned');
    expect(r.closed).toBe(false);
    expect(s.swarm.stats().peers).toBe(1);
  });
});

describe('BEP 6 reject', () => {
  it('a request while choked is answered with a reject of that block, never a request', async () => {
    const s = await seeder();
    const conn = await s.dial();
    await conn.write(encodeHandshake({ reserved: makeReserved({ fast: true, extended: false }), infoHash: s.infoHash, peerId: new Uint8Array(20).fill(7) }));
    await conn.write(encodeMessage({ type: 'request', index: 2, begin: 16384, length: 16384 })); // not interested: stays choked
    const decoder = new FrameDecoder({ expectHandshake: true });
    const seen: WireMessage[] = [];
    const answer = (async () => {
      for await (const chunk of conn.readable) {
        seen.push(...decoder.push(chunk));
        const reply = seen.find((m) => m.type === 'reject' || m.type === 'request');
        if (reply) return reply;
      }
      return undefined;
    })();
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000));
    const reply = await Promise.race([answer, timeout]);
    conn.close();
    expect(reply).toEqual({ type: 'reject', index: 2, begin: 16384, length: 16384 });
  });
});

describe('requests crossing our choke (issue 8: capped getters banned each other)', () => {
  const REQQ = 256;
  const flood = (peer: { abuse: AbuseCounters }, n: number): string | null => {
    let reason: string | null = null;
    for (let i = 0; i < n && !reason; i++) reason = onChokedRequest(peer, REQQ);
    return reason;
  };

  it('credits one request per block or reject sent since the unchoke (the peer reads them before our choke)', () => {
    const peer = { abuse: new AbuseCounters() };
    onUnchokeSent(peer);
    peer.abuse.answersSinceUnchoke += 400; // blocks still in buffers ahead of our choke
    onChokeSent(peer);
    expect(flood(peer, 2 * REQQ + 400)).toBeNull();
    expect(flood(peer, 1)).toMatch(/while choked: more than 912 requests/);
  });

  it('a new unchoke-choke cycle counts afresh, with only that cycle’s credit', () => {
    const peer = { abuse: new AbuseCounters() };
    peer.abuse.answersSinceUnchoke = 1000;
    onChokeSent(peer);
    expect(flood(peer, 600)).toBeNull();
    onUnchokeSent(peer);
    peer.abuse.answersSinceUnchoke += 10;
    onChokeSent(peer);
    expect(flood(peer, 2 * REQQ + 10)).toBeNull();
    expect(flood(peer, 1)).toMatch(/more than 522 requests/);
  });

  it('a peer never unchoked gets no credit', () => {
    const peer = { abuse: new AbuseCounters() };
    expect(flood(peer, 2 * REQQ)).toBeNull();
    expect(flood(peer, 1)).toMatch(/more than 512 requests/);
  });
});
