/**
 * @module swarm/peer-silence.node.test — a peer that handshakes and then sends nothing, not even a
 * keep-alive (BEP 3: one about every two minutes), is dropped once silent for
 * {@link PEER_SILENCE_MS}, and not before (real TCP on 127.0.0.1; the swarm's clock runs ahead by
 * an offset the test sets, its timers are real).
 */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTcpTransport } from '../adapters/node/tcp-transport.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { randomBytes } from '../testing/random.js';
import type { Connection, Listener } from '../transport/transport.js';
import { encodeHandshake } from '../wire/handshake.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import { PEER_SILENCE_MS } from './swarm-tick.js';
import { Swarm } from './swarm.js';
import { SwarmHost } from './swarm-host.js';
import { systemClock, type Clock, type SwarmTorrent } from './types.js';

let torrent: SwarmTorrent;
let swarm: Swarm | undefined;
let listener: Listener | undefined;
let silent: Connection | undefined;
beforeAll(async () => {
  const hasher = await createHasher();
  const data = randomBytes(5, 100_000);
  const src = [{ path: ['x.bin'], length: data.length, read: async (o: number, l: number) => data.slice(o, o + l) }];
  torrent = torrentFromMetainfo((await createTorrent(src, hasher, { version: 'v1', pieceLength: 16384, creationDate: null })).metainfo);
});
afterEach(async () => {
  silent?.close();
  await swarm?.stop();
  await listener?.close();
});

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A swarm (its clock `clockAhead(ms)` ahead of real time) with one raw peer attached over TCP
 * that reads everything and, when `talking`, sends a keep-alive every 100 ms, else nothing.
 */
async function swarmWithPeer(talking: boolean): Promise<{ closed: string[]; clockAhead: (ms: number) => void }> {
  let offset = 0;
  const clock: Clock = { ...systemClock, now: () => systemClock.now() + offset };
  const host = new SwarmHost(clock);
  const tcp = createTcpTransport();
  listener = await tcp.listen('127.0.0.1:0', host.accept);
  swarm = new Swarm({ torrent, storage: createMemoryStorage(), hash: { hasher: await createHasher() }, clock });
  host.add(swarm);
  await swarm.start();
  const closed: string[] = [];
  swarm.events.on('peer-closed', (e) => closed.push(e.reason ?? ''));
  let attached = false;
  swarm.events.on('peer', () => (attached = true));
  const peer = await tcp.dial(`127.0.0.1:${listener.port}`);
  silent = peer;
  await peer.write(encodeHandshake({ reserved: new Uint8Array(8), infoHash: torrent.infoHashV1!, peerId: new Uint8Array(20).fill(7) }));
  void (async () => {
    for await (const _ of peer.readable); // read what the swarm sends (handshake, bitfield, keep-alives)
  })().catch(() => undefined);
  if (talking) {
    const timer = setInterval(() => void peer.write(new Uint8Array(4)).catch(() => clearInterval(timer)), 100);
    void peer.closed.finally(() => clearInterval(timer));
  }
  await waitFor('the peer to attach', () => attached, 10_000);
  return { closed, clockAhead: (ms) => (offset = ms) };
}

describe('silent peers', () => {
  it('a peer silent for longer than PEER_SILENCE_MS is dropped, one silent for less is kept', async () => {
    const { closed, clockAhead } = await swarmWithPeer(false);

    clockAhead(PEER_SILENCE_MS - 20_000); // silent, but not yet for too long: two ticks keep it
    await new Promise((r) => setTimeout(r, 2500));
    expect(closed).toEqual([]);

    clockAhead(PEER_SILENCE_MS + 5_000);
    await waitFor('the silent peer to be dropped', () => closed.length > 0, 10_000);
    expect(closed[0]).toMatch(/^silent for \d+ s/);
  }, 30_000);

  it('a peer that keeps sending keep-alives is kept while the clock runs far past PEER_SILENCE_MS', async () => {
    const { closed, clockAhead } = await swarmWithPeer(true);
    // The clock moves 10 s per 300 ms: the keep-alives keep the peer heard within ~10 s of now.
    for (let ahead = 10_000; ahead <= PEER_SILENCE_MS + 30_000; ahead += 10_000) {
      clockAhead(ahead);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(closed).toEqual([]);
  }, 30_000);
});
