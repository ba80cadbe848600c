/** @module swarm/peer-attach.test — two swarms dialling each other at once keep one link, the same on both ends. */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { randomBytes } from '../testing/random.js';
import { createMemoryNetwork } from '../transport/memory-transport.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import { Swarm } from './swarm.js';
import { startMemorySwarm } from './test-swarm.js';
import type { SwarmTorrent } from './types.js';

let hasher: Hasher;
let torrent: SwarmTorrent;
beforeAll(async () => {
  hasher = await createHasher();
  const data = randomBytes(3, 100_000);
  const src = [{ path: ['x.bin'], length: data.length, read: async (o: number, l: number) => data.slice(o, o + l) }];
  torrent = torrentFromMetainfo((await createTorrent(src, hasher, { version: 'v1', pieceLength: 16384, creationDate: null })).metainfo);
});

const swarms: Swarm[] = [];
afterEach(async () => {
  await Promise.all(swarms.splice(0).map((s) => s.stop()));
});

function leecher(net: ReturnType<typeof createMemoryNetwork>, name: string, firstIdByte: number): Promise<Swarm> {
  const peerId = new Uint8Array(20).fill(7);
  peerId[0] = firstIdByte;
  return startMemorySwarm(net, name, { torrent, peerId, storage: createMemoryStorage(), hash: { hasher } }, swarms);
}

async function settled(ss: Swarm[], ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  let stable = 0;
  while (Date.now() < end) {
    const busy = ss.some((s) => s.dialer.connecting > 0);
    stable = busy ? 0 : stable + 1;
    if (stable >= 10) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simultaneous dials', () => {
  it('keep one connection per pair, the one dialled by the lower peer id, on both ends', async () => {
    for (let round = 0; round < 5; round++) {
      const net = createMemoryNetwork();
      const low = await leecher(net, `low${round}`, 1);
      const high = await leecher(net, `high${round}`, 2);
      const closed: string[] = [];
      for (const s of [low, high]) s.events.on('peer-closed', (p) => closed.push(p.reason ?? ''));
      // Both learn of each other at the same moment (say, from one tracker reply each).
      high.addPeer(`low${round}:1`);
      low.addPeer(`high${round}:1`);
      await settled([low, high]);
      expect([low.peers.size, high.peers.size]).toEqual([1, 1]);
      expect([...low.peers][0]!.direction).toBe('out');
      expect([...high.peers][0]!.direction).toBe('in');
      expect(closed.every((r) => r.startsWith('duplicate connection'))).toBe(true);
      await Promise.all(swarms.splice(0).map((s) => s.stop()));
    }
  });

  it('a late second dial leaves the established link alone, whoever dialled it', async () => {
    const net = createMemoryNetwork();
    const low = await leecher(net, 'late-low', 1);
    const high = await leecher(net, 'late-high', 2);
    high.addPeer('late-low:1');
    await settled([low, high]);
    const [kept] = [...low.peers];
    expect(kept?.direction).toBe('in');
    await new Promise((r) => setTimeout(r, 1600));
    // The lower id dials the same peer later (it learnt its listen address from a tracker).
    low.addPeer('late-high:1');
    await settled([low, high]);
    expect([...low.peers]).toEqual([kept]);
    expect(high.peers.size).toBe(1);
  });
});
