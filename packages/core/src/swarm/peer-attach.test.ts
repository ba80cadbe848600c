/**
 * @module swarm/peer-attach.test — two swarms dialling each other at once (or each answering
 * the other's WebRTC offer) keep one link, the same on both ends.
 */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { randomBytes } from '../testing/random.js';
import { createMemoryConnectionPair, createMemoryNetwork } from '../transport/memory-transport.js';
import type { Connection } from '../transport/transport.js';
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

/**
 * One end of a link adopted through `addConnection`, as a WebRTC data channel connection
 * presents it (`kind` 'webrtc', `initiator`), over a memory connection whose incoming bytes are
 * held until `open()`: the test decides in which order each end finishes the two handshakes.
 */
interface GatedEnd {
  readonly conn: Connection;
  open(): void;
}

function gated(inner: Connection, initiator: boolean | undefined, kind: Connection['kind'] = 'webrtc'): GatedEnd {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const readable = (async function* () {
    await gate;
    yield* inner.readable;
  })();
  const conn: Connection = {
    kind,
    remoteAddress: inner.remoteAddress,
    ...(initiator === undefined ? {} : { initiator }),
    readable,
    closed: inner.closed,
    write: (d) => inner.write(d),
    close: (e) => inner.close(e),
  };
  return { conn, open };
}

/** A link opened by one side: [the opener's end, the other end]. */
function link(name: string, kind: Connection['kind'] = 'webrtc', says = true): [GatedEnd, GatedEnd] {
  const [a, b] = createMemoryConnectionPair({}, [`${name}:opener`, `${name}:answerer`]);
  return [gated(a, says ? true : undefined, kind), gated(b, says ? false : undefined, kind)];
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('two WebRTC links between one pair (each side answered the other\'s offer)', () => {
  // Each end finishes the two handshakes in the opposite order: with "first one wins" each
  // closed the link the other kept, and the pair lost both.
  for (const lowFirst of ['own', 'theirs'] as const) {
    it(`both ends keep the link offered by the lower peer id (low end sees ${lowFirst} first)`, async () => {
      const net = createMemoryNetwork();
      const low = await leecher(net, `rtc-low-${lowFirst}`, 1);
      const high = await leecher(net, `rtc-high-${lowFirst}`, 2);
      const [lowOffer, highAnswer] = link('by-low');
      const [highOffer, lowAnswer] = link('by-high');
      for (const [s, c] of [[low, lowOffer], [low, lowAnswer], [high, highOffer], [high, highAnswer]] as const) s.addConnection(c.conn);
      const [lowSeesFirst, lowSeesSecond] = lowFirst === 'own' ? [lowOffer, lowAnswer] : [lowAnswer, lowOffer];
      const [highSeesFirst, highSeesSecond] = lowFirst === 'own' ? [highOffer, highAnswer] : [highAnswer, highOffer];
      lowSeesFirst.open();
      highSeesFirst.open();
      await until(() => low.peers.size === 1 && high.peers.size === 1, 'the first links');
      // The two ends attached different links first.
      expect([...low.peers][0]!.conn).toBe(lowSeesFirst.conn);
      expect([...high.peers][0]!.conn).toBe(highSeesFirst.conn);
      lowSeesSecond.open();
      highSeesSecond.open();
      await settled([low, high]);
      await new Promise((r) => setTimeout(r, 100)); // a refused link's close reaches the other end
      expect([low.peers.size, high.peers.size]).toEqual([1, 1]);
      expect([...low.peers][0]!.conn).toBe(lowOffer.conn);
      expect([...high.peers][0]!.conn).toBe(highAnswer.conn);
      expect([...low.peers, ...high.peers].some((p) => p.closed)).toBe(false);
    });
  }

  it('a later second link leaves the established one alone, whoever offered it', async () => {
    const net = createMemoryNetwork();
    const low = await leecher(net, 'rtc-late-low', 1);
    const high = await leecher(net, 'rtc-late-high', 2);
    const [highOffer, lowAnswer] = link('late-by-high');
    low.addConnection(lowAnswer.conn);
    high.addConnection(highOffer.conn);
    lowAnswer.open();
    highOffer.open();
    await until(() => low.peers.size === 1 && high.peers.size === 1, 'the first link');
    await new Promise((r) => setTimeout(r, 1600));
    const [lowOffer, highAnswer] = link('late-by-low');
    low.addConnection(lowOffer.conn);
    high.addConnection(highAnswer.conn);
    lowOffer.open();
    highAnswer.open();
    await settled([low, high]);
    expect([...low.peers].map((p) => p.conn)).toEqual([lowAnswer.conn]);
    expect([...high.peers].map((p) => p.conn)).toEqual([highOffer.conn]);
  });
});
