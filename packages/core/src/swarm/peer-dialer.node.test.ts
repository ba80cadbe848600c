/**
 * @module swarm/peer-dialer.node.test — an inbound peer is known by its BEP 10 listen port `p`:
 * when a tracker then lists its listen address, we do not dial it a second time, nor, once both
 * ends are complete and the link closed, dial it again at all; two peers dialling each other at
 * the same moment keep one link, the same on both ends (real TCP on 127.0.0.1).
 */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTcpTransport } from '../adapters/node/tcp-transport.js';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { randomBytes } from '../testing/random.js';
import type { Listener } from '../transport/transport.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import { listenAddressOf } from './peer-dialer.js';
import { Swarm } from './swarm.js';
import { SwarmHost } from './swarm-host.js';
import type { SwarmOptions } from './options.js';
import type { SwarmTorrent } from './types.js';

let hasher: Hasher;
let torrent: SwarmTorrent;
const data = randomBytes(21, 200_000);
beforeAll(async () => {
  hasher = await createHasher();
  const src = [{ path: ['x.bin'], length: data.length, read: async (o: number, l: number) => data.slice(o, o + l) }];
  torrent = torrentFromMetainfo((await createTorrent(src, hasher, { version: 'v1', pieceLength: 16384, creationDate: null })).metainfo);
});

const swarms: Swarm[] = [];
const listeners: Listener[] = [];
afterEach(async () => {
  await Promise.all(swarms.splice(0).map((s) => s.stop()));
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** A seeder's disk: memory storage holding the whole file. */
const filledStorage: SwarmOptions['storage'] = async (files) => {
  const st = await createMemoryStorage()(files);
  await st.write(0, data);
  return st;
};

/** A leecher (or, with `storage`, a seeder) listening on 127.0.0.1 (its port in its BEP 10 handshake) that records its dials. */
async function leecher(storage: SwarmOptions['storage'] = createMemoryStorage(), peerId?: Uint8Array): Promise<{ swarm: Swarm; address: string; dials: string[] }> {
  const transport = createTcpTransport();
  const host = new SwarmHost();
  const listener = await transport.listen('127.0.0.1:0', host.accept);
  listeners.push(listener);
  const port = Number(listener.address.slice(listener.address.lastIndexOf(':') + 1));
  const dials: string[] = [];
  const swarm = new Swarm({
    torrent,
    storage,
    hash: { hasher },
    port,
    ...(peerId ? { peerId } : {}),
    dial: (a, signal) => {
      dials.push(a);
      return transport.dial(a, { signal });
    },
  });
  swarms.push(swarm);
  host.add(swarm);
  await swarm.start();
  return { swarm, address: listener.address, dials };
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('dialling with BEP 10 listen ports', () => {
  it('does not dial the listen address of a peer already connected inbound', async () => {
    const a = await leecher();
    const b = await leecher();
    const closed: string[] = [];
    for (const s of [a.swarm, b.swarm]) s.events.on('peer-closed', (p) => closed.push(p.reason ?? ''));
    b.swarm.addPeer(a.address);
    await until('the inbound peer and its BEP 10 handshake', () => [...a.swarm.peers].some((p) => p.ext.listenPort !== undefined));
    const inbound = [...a.swarm.peers][0]!;
    expect(inbound.direction).toBe('in');
    expect(inbound.address).not.toBe(b.address); // its source port, not where it listens
    expect(listenAddressOf(inbound)).toBe(b.address);
    // A tracker now lists b at its listen address.
    a.swarm.addPeer(b.address);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.dials).toEqual([]);
    expect([a.swarm.peers.size, b.swarm.peers.size]).toEqual([1, 1]);
    expect(closed).toEqual([]);
  });

  it('does not dial an inbound peer again once both ends are complete and the link is gone', async () => {
    const seeder = await leecher(filledStorage);
    expect(seeder.swarm.complete).toBe(true);
    const getter = await leecher();
    const closed: string[] = [];
    seeder.swarm.events.on('peer-closed', (p) => closed.push(p.reason ?? ''));
    getter.swarm.addPeer(seeder.address);
    await until('the getter to complete and the seeder to drop it', () => getter.swarm.complete && closed.length === 1, 15_000);
    expect(seeder.swarm.peers.size).toBe(0);
    // The tracker's next reply (say, the getter's `completed` announce) lists the getter at its
    // listen address: a link there would only be closed as "both complete" (the flash crowd's
    // getters opened 1-7 of those each after done).
    seeder.swarm.addPeer(getter.address);
    await new Promise((r) => setTimeout(r, 300));
    expect(seeder.dials).toEqual([]);
    expect([seeder.swarm.peers.size, getter.swarm.peers.size]).toEqual([0, 0]);
  });

  it('two peers dialling each other at the same moment keep one link, the same on both ends', async () => {
    for (let round = 0; round < 3; round++) {
      const id = (first: number): Uint8Array => new Uint8Array(20).fill(9).fill(first, 0, 1);
      const low = await leecher(createMemoryStorage(), id(1));
      const high = await leecher(createMemoryStorage(), id(2));
      const opened = [0, 0];
      low.swarm.events.on('peer', () => opened[0]++);
      high.swarm.events.on('peer', () => opened[1]++);
      // Both learn of each other at once (one tracker reply each).
      low.swarm.addPeer(high.address);
      high.swarm.addPeer(low.address);
      await until('both dials to finish', () => low.swarm.dialer.connecting + high.swarm.dialer.connecting === 0);
      await new Promise((r) => setTimeout(r, 300));
      expect([low.dials, high.dials]).toEqual([[high.address], [low.address]]);
      expect([low.swarm.peers.size, high.swarm.peers.size]).toEqual([1, 1]);
      // The same link on both ends: dialled on one, accepted on the other (each end keeping a
      // different one would close both). Which one is the lower id's dial unless the two
      // handshakes were more than 1.5 s apart (a loaded machine): then the first one stays.
      expect(new Set([...low.swarm.peers, ...high.swarm.peers].map((p) => p.direction))).toEqual(new Set(['out', 'in']));
      // At most the two crossing links were ever attached on each end; one of them is left.
      expect(opened.every((k) => k >= 1 && k <= 2)).toBe(true);
      await Promise.all(swarms.splice(0).map((s) => s.stop()));
    }
  });
});
