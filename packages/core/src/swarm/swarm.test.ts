/** @module swarm/swarm.test — two or more swarms in one process over the memory transport: v1/v2/hybrid downloads, banning, magnets, hostile peers. */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { parseInfoDict } from '../metainfo/parse-info.js';
import type { TorrentVersion } from '../metainfo/types.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage, StorageFile } from '../storage/storage.js';
import { randomBytes } from '../testing/random.js';
import { createMemoryConnectionPair, createMemoryNetwork, createMemoryTransport } from '../transport/memory-transport.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import { Swarm } from './swarm.js';
import { startMemorySwarm } from './test-swarm.js';
import { encodeHandshake, makeReserved } from '../wire/handshake.js';
import { encodeMessage } from '../wire/encode.js';
import type { SwarmOptions } from './options.js';
import type { SwarmTorrent } from './types.js';

let hasher: Hasher;
beforeAll(async () => {
  hasher = await createHasher();
});

const swarms: Swarm[] = [];
afterEach(async () => {
  await Promise.all(swarms.splice(0).map((s) => s.stop()));
});

interface Fixture {
  torrent: SwarmTorrent;
  contents: Map<string, Uint8Array>;
}

/** Two files of odd sizes (not piece-aligned) under a directory, 32 KiB pieces. */
async function fixture(version: TorrentVersion, seed = 1): Promise<Fixture> {
  const contents = new Map<string, Uint8Array>([
    ['a.bin', randomBytes(seed, 150_000)],
    ['sub/b.bin', randomBytes(seed + 1, 70_001)],
  ]);
  const sources = [...contents].map(([p, data]) => ({
    path: ['dir', ...p.split('/')],
    length: data.length,
    read: async (offset: number, length: number) => data.slice(offset, offset + length),
  }));
  const { metainfo } = await createTorrent(sources, hasher, { version, pieceLength: 32768, creationDate: null });
  return { torrent: torrentFromMetainfo(metainfo), contents };
}

/** Storage factory pre-filled with the fixture's files (a seeder's disk). */
function filledStorage(contents: Map<string, Uint8Array>, corrupt?: (path: string, data: Uint8Array) => Uint8Array) {
  const inner = createMemoryStorage();
  return async (files: readonly StorageFile[]): Promise<Storage> => {
    const st = await inner(files);
    for (const f of files) {
      if (f.pad) continue;
      const key = f.path.slice(1).join('/');
      const data = contents.get(key)!;
      await st.write(f.offset, corrupt ? corrupt(key, data) : data);
    }
    return st;
  };
}

/** Capture the storage a swarm creates so the test can read the downloaded bytes back. */
function capturedStorage(): { factory: SwarmOptions['storage']; get: () => { storage: Storage; files: readonly StorageFile[] } } {
  let captured: { storage: Storage; files: readonly StorageFile[] } | undefined;
  const inner = createMemoryStorage();
  return {
    factory: async (files) => {
      const storage = await inner(files);
      captured = { storage, files };
      return storage;
    },
    get: () => captured!,
  };
}

function startSeeder(net: ReturnType<typeof createMemoryNetwork>, name: string, opts: Partial<SwarmOptions> & Pick<SwarmOptions, 'storage' | 'torrent'>): Promise<Swarm> {
  return startMemorySwarm(net, name, { hash: { hasher }, ...opts }, swarms);
}

function waitFor<T>(swarm: Swarm, event: 'done' | 'peer-banned' | 'metadata', ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    swarm.events.on(event, (v) => {
      clearTimeout(timer);
      resolve(v as T);
    });
  });
}

async function readFile(storage: Storage, files: readonly StorageFile[], path: string): Promise<Uint8Array> {
  const f = files.find((x) => !x.pad && x.path.slice(1).join('/') === path)!;
  return storage.read(f.offset, f.length);
}

describe('Swarm over the memory transport', () => {
  for (const version of ['v1', 'v2', 'hybrid'] as const) {
    it(`a leecher downloads a ${version} torrent from a seeder, byte-identical`, async () => {
      const net = createMemoryNetwork();
      const { torrent, contents } = await fixture(version);
      const seeder = await startSeeder(net, 'seeder', { torrent, storage: filledStorage(contents) });
      expect(seeder.complete).toBe(true);
      const transport = createMemoryTransport({ network: net });
      const out = capturedStorage();
      const leecher = new Swarm({ torrent, storage: out.factory, hash: { hasher }, dial: (a, signal) => transport.dial(a, { signal }) });
      swarms.push(leecher);
      const done = waitFor<{ downloaded: number; verified: number }>(leecher, 'done');
      await leecher.start();
      expect(leecher.complete).toBe(false);
      leecher.addPeer('seeder:1');
      const stats = await done;
      expect(stats.verified).toBe(leecher.stats().length);
      const { storage, files } = out.get();
      for (const [path, data] of contents) expect(await readFile(storage, files, path)).toEqual(data);
    });
  }

  it('bans a peer that sends a corrupt piece and completes from an honest one', async () => {
    const net = createMemoryNetwork();
    const { torrent, contents } = await fixture('v1', 7);
    // The liar claims every piece (no check on start) but flips bytes in a.bin.
    const liar = await startSeeder(net, 'liar', {
      torrent,
      checkExisting: false,
      storage: filledStorage(contents, (path, data) => {
        if (path !== 'a.bin') return data;
        const bad = data.slice();
        for (let i = 0; i < bad.length; i += 1000) bad[i]! ^= 0xff;
        return bad;
      }),
    });
    // checkExisting:false leaves the liar with no pieces; mark them all as had, as a liar would.
    for (let i = 0; i < torrent.pieceCount; i++) liar.have!.set(i);
    const transport = createMemoryTransport({ network: net });
    const out = capturedStorage();
    const leecher = new Swarm({ torrent, storage: out.factory, hash: { hasher }, dial: (a, signal) => transport.dial(a, { signal }) });
    swarms.push(leecher);
    const banned = waitFor<{ reason: string; address: string }>(leecher, 'peer-banned');
    await leecher.start();
    leecher.addPeer('liar:1');
    const ban = await banned;
    expect(ban.reason).toMatch(/hash check/);
    expect(leecher.complete).toBe(false);
    await startSeeder(net, 'honest', { torrent, storage: filledStorage(contents) });
    const done = waitFor(leecher, 'done');
    leecher.addPeer('honest:1');
    leecher.addPeer('liar:1'); // refused: banned
    await done;
    const { storage, files } = out.get();
    for (const [path, data] of contents) expect(await readFile(storage, files, path)).toEqual(data);
  });

  for (const version of ['v1', 'v2', 'hybrid'] as const) {
    it(`fetches ${version} metadata from a magnet (ut_metadata; v2 piece layers by BEP 52 hash requests), then the data`, async () => {
      const net = createMemoryNetwork();
      const { torrent, contents } = await fixture(version, 11);
      await startSeeder(net, 'seeder', { torrent, storage: filledStorage(contents) });
      const transport = createMemoryTransport({ network: net });
      const out = capturedStorage();
      const expected = { v1: torrent.infoHashV1 ?? null, v2: torrent.infoHashV2 ?? null };
      const leecher = new Swarm({
        magnet: { ...(torrent.infoHashV1 ? { infoHashV1: torrent.infoHashV1 } : {}), ...(torrent.infoHashV2 ? { infoHashV2: torrent.infoHashV2 } : {}) },
        parseInfo: (info) => torrentFromMetainfo(parseInfoDict(info, hasher, expected), { allowMissingLayers: true }),
        storage: out.factory,
        hash: { hasher },
        dial: (a, signal) => transport.dial(a, { signal }),
      });
      swarms.push(leecher);
      const meta = waitFor<SwarmTorrent>(leecher, 'metadata');
      const done = waitFor(leecher, 'done');
      await leecher.start();
      leecher.addPeer('seeder:1');
      expect((await meta).infoBytes).toEqual(torrent.infoBytes);
      await done;
      const { storage, files } = out.get();
      for (const [path, data] of contents) expect(await readFile(storage, files, path)).toEqual(data);
    });
  }

  it('drops hostile peers (oversized frame, out-of-range request) and keeps serving', async () => {
    const net = createMemoryNetwork();
    const { torrent, contents } = await fixture('v1', 21);
    const seeder = await startSeeder(net, 'seeder', { torrent, storage: filledStorage(contents) });
    const closed: string[] = [];
    seeder.events.on('peer-closed', (e) => closed.push(e.reason ?? ''));
    const transport = createMemoryTransport({ network: net });
    const hello = encodeHandshake({ reserved: makeReserved({ fast: true, extended: true }), infoHash: torrent.infoHashV1!, peerId: new Uint8Array(20).fill(7) });
    const attacks = [
      new Uint8Array([0xff, 0xff, 0xff, 0xf0, 7]), // a 4 GiB "piece" frame
      encodeMessage({ type: 'request', index: 99999, begin: 0, length: 16384 }),
      encodeMessage({ type: 'request', index: 0, begin: 0, length: 1 << 20 }), // block > 16 KiB
    ];
    for (const attack of attacks) {
      const conn = await transport.dial('seeder:1');
      await conn.write(hello);
      await conn.write(attack);
      // The seeder answers its handshake etc., then closes: draining our side must end.
      const drained = (async () => {
        for await (const chunk of conn.readable) void chunk;
      })();
      await expect(Promise.race([drained.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 5000))])).resolves.toBe('closed');
    }
    expect(closed).toHaveLength(3);
    for (const reason of closed) expect(reason).toMatch(/WireProtocolError/);
    // …and an honest leecher is still served.
    const out = capturedStorage();
    const leecher = new Swarm({ torrent, storage: out.factory, hash: { hasher }, dial: (a, signal) => transport.dial(a, { signal }) });
    swarms.push(leecher);
    const done = waitFor(leecher, 'done');
    await leecher.start();
    leecher.addPeer('seeder:1');
    await done;
  });
});

describe('Swarm.addConnection (connections opened outside the dialer: WebRTC, tunnel)', () => {
  it('both ends handshake-first over one given connection; the transport kind is in the peer event', async () => {
    const { torrent, contents } = await fixture('hybrid', 7);
    const seeder = new Swarm({ torrent, storage: filledStorage(contents), hash: { hasher } });
    const cap = capturedStorage();
    const leecher = new Swarm({ torrent, storage: cap.factory, hash: { hasher } });
    swarms.push(seeder, leecher);
    await Promise.all([seeder.start(), leecher.start()]);
    const kinds: string[] = [];
    leecher.events.on('peer', (p) => kinds.push(p.transport));
    const done = waitFor(leecher, 'done');
    const [a, b] = createMemoryConnectionPair();
    seeder.addConnection(a);
    leecher.addConnection(b);
    await done;
    expect(kinds).toEqual([a.kind]);
    expect(seeder.stats().uploaded).toBeGreaterThan(0);
    const { storage, files } = cap.get();
    expect(await readFile(storage, files, 'a.bin')).toEqual(contents.get('a.bin'));
  });
});
