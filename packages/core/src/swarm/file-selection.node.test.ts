/**
 * @module swarm/file-selection.node.test — file selection and streaming between two real swarms
 * over TCP on 127.0.0.1: only the selected files are fetched (the seeder's own storage reads show
 * which pieces were requested), `done` follows the selection, a grown selection downloads again,
 * and a streaming read gets a file's bytes in order while the download runs.
 */
import { createHasher } from '@seedling/hasher-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTcpTransport } from '../adapters/node/tcp-transport.js';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from '../metainfo/create-torrent.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage, StorageFile } from '../storage/storage.js';
import { randomBytes } from '../testing/random.js';
import type { Listener } from '../transport/transport.js';
import { createThrottle } from '../rate/throttle.js';
import { FILE_PRIORITY } from './file-selection.js';
import { torrentFromMetainfo } from './from-metainfo.js';
import type { SwarmStats, SwarmTorrent } from './types.js';
import { Swarm } from './swarm.js';
import { SwarmHost } from './swarm-host.js';

const PIECE = 32768;
let hasher: Hasher;
beforeAll(async () => {
  hasher = await createHasher();
});

const swarms: Swarm[] = [];
const listeners: Listener[] = [];
afterEach(async () => {
  await Promise.all(swarms.splice(0).map((s) => s.stop()));
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** Four files of odd sizes (pieces shared across file boundaries), v1, 32 KiB pieces. */
async function fixture(): Promise<{ torrent: SwarmTorrent; contents: Uint8Array[] }> {
  const contents = [randomBytes(11, 150_000), randomBytes(12, 70_001), randomBytes(13, 200_000), randomBytes(14, 5_000)];
  const sources = contents.map((data, i) => ({ path: ['dir', `f${i}.bin`], length: data.length, read: async (o: number, l: number) => data.slice(o, o + l) }));
  const { metainfo } = await createTorrent(sources, hasher, { version: 'v1', pieceLength: PIECE, creationDate: null });
  return { torrent: torrentFromMetainfo(metainfo), contents };
}

/** A seeder on 127.0.0.1 whose storage records which pieces it read (= which were requested). */
async function startSeeder(torrent: SwarmTorrent, contents: Uint8Array[], upRate?: number, gateRate?: number) {
  const read = new Set<number>();
  const inner = createMemoryStorage();
  const storage = async (files: readonly StorageFile[]): Promise<Storage> => {
    const st = await inner(files);
    let k = 0;
    for (const f of files) if (!f.pad) await st.write(f.offset, contents[k++]!);
    // Every way the upload server reads (whole pieces, or blocks into its buffers) is recorded.
    const record = async (offset: number, length: number): Promise<void> => {
      for (let p = Math.floor(offset / PIECE); p <= Math.floor((offset + length - 1) / PIECE); p++) read.add(p);
      // A slow seeder (streaming test): the leecher reads while pieces still arrive.
      if (upRate) await new Promise((r) => setTimeout(r, (length / upRate) * 1000));
    };
    return {
      read: async (offset, length) => {
        await record(offset, length);
        return st.read(offset, length);
      },
      readInto: async (offset, out) => {
        await record(offset, out.length);
        await st.read(offset, out.length).then((b) => out.set(b));
      },
      write: (offset, data) => st.write(offset, data),
      flush: () => st.flush(),
      close: () => st.close(),
    };
  };
  const transport = createTcpTransport();
  const throttle = gateRate ? createThrottle(gateRate, { burstBytes: 16_384 }) : null;
  const seeder = new Swarm({ torrent, storage, hash: { hasher }, assumeComplete: true, ...(throttle ? { uploadGate: { take: (n: number, signal?: AbortSignal) => throttle.wait(n, signal) } } : {}) });
  swarms.push(seeder);
  const host = new SwarmHost();
  host.add(seeder);
  const listener = await transport.listen('127.0.0.1:0', host.accept);
  listeners.push(listener);
  await seeder.start();
  return { seeder, address: listener.address, read };
}

function leecher(torrent: SwarmTorrent, filePriorities?: number[]) {
  let storage: Storage | undefined;
  const transport = createTcpTransport();
  const swarm = new Swarm({
    torrent,
    storage: async (files) => (storage = await createMemoryStorage()(files)),
    hash: { hasher },
    dial: (a, signal) => transport.dial(a, { signal }),
    ...(filePriorities ? { filePriorities } : {}),
  });
  swarms.push(swarm);
  return { swarm, storage: () => storage! };
}

function nextDone(swarm: Swarm, ms = 20_000): Promise<SwarmStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for done')), ms);
    const off = swarm.events.on('done', (s) => {
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** Pieces that only file `i` touches (no other non-empty file shares them). */
function exclusivePieces(t: SwarmTorrent, i: number): number[] {
  const span = (f: StorageFile): [number, number] => [Math.floor(f.offset / PIECE), Math.floor((f.offset + f.length - 1) / PIECE)];
  const [a, b] = span(t.files[i]!);
  const out: number[] = [];
  for (let p = a; p <= b; p++) if (!t.files.some((f, j) => j !== i && !f.pad && f.length > 0 && span(f)[0] <= p && p <= span(f)[1])) out.push(p);
  return out;
}

describe('file selection over TCP (127.0.0.1)', () => {
  it('downloads only the selected files: skipped files\' exclusive pieces are never requested', async () => {
    const { torrent, contents } = await fixture();
    const { address, read } = await startSeeder(torrent, contents);
    const { swarm, storage } = leecher(torrent, [FILE_PRIORITY.normal, FILE_PRIORITY.skip, FILE_PRIORITY.skip, FILE_PRIORITY.normal]);
    const done = nextDone(swarm);
    await swarm.start();
    swarm.addPeer(address);
    const stats = await done;
    expect(swarm.complete).toBe(true);
    expect(swarm.have!.hasAll()).toBe(false);
    // Selected files are byte-identical.
    for (const i of [0, 3]) {
      const f = torrent.files[i]!;
      expect(await storage().read(f.offset, f.length)).toEqual(contents[i]);
    }
    // Skipped files' own pieces were never read by the seeder (never requested), nor held here.
    const skipped = [...exclusivePieces(torrent, 1), ...exclusivePieces(torrent, 2)];
    expect(skipped.length).toBeGreaterThan(3);
    for (const p of skipped) {
      expect(read.has(p), `piece ${p} of a skipped file was requested`).toBe(false);
      expect(swarm.have!.get(p)).toBe(false);
    }
    // Shared boundary pieces are fetched whole (file 0's last piece is also file 1's first).
    const boundary = Math.floor((torrent.files[0]!.offset + torrent.files[0]!.length - 1) / PIECE);
    expect(exclusivePieces(torrent, 0)).not.toContain(boundary);
    expect(swarm.have!.get(boundary)).toBe(true);
    expect(read.has(boundary)).toBe(true);
    // The figures count selected pieces only.
    expect(stats.wanted).toBeLessThan(stats.length);
    expect(stats.wantedVerified).toBe(stats.wanted);
    expect(stats.verified).toBe(stats.wanted);
  });

  it('a grown selection downloads again and emits done a second time', async () => {
    const { torrent, contents } = await fixture();
    const { address } = await startSeeder(torrent, contents);
    const { swarm, storage } = leecher(torrent, [0, 0, 1, 0]);
    const first = nextDone(swarm);
    await swarm.start();
    swarm.addPeer(address);
    await first;
    expect(swarm.have!.hasAll()).toBe(false);
    const second = nextDone(swarm);
    swarm.setFilePriority(1, FILE_PRIORITY.high);
    expect(swarm.complete).toBe(false);
    const stats = await second;
    const f = torrent.files[1]!;
    expect(await storage().read(f.offset, f.length)).toEqual(contents[1]);
    expect(stats.wantedVerified).toBe(stats.wanted);
    // Everything selected again: the full torrent.
    const third = nextDone(swarm);
    swarm.setFilePriorities([1, 1, 1, 1]);
    const all = await third;
    expect(all.verified).toBe(all.length);
    expect(swarm.have!.hasAll()).toBe(true);
  });

  it('keeps a seed that connects after the selection is complete (a grown selection fetches from it)', async () => {
    const { torrent, contents } = await fixture();
    const first = await startSeeder(torrent, contents);
    const { swarm, storage } = leecher(torrent, [1, 0, 0, 0]);
    const done = nextDone(swarm);
    await swarm.start();
    swarm.addPeer(first.address);
    await done;
    await first.seeder.stop();
    // A seed met only now: we are complete for our selection but not whole, so it is kept.
    const second = await startSeeder(torrent, contents);
    const closed: string[] = [];
    swarm.events.on('peer-closed', (e) => closed.push(e.reason ?? ''));
    const met = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the second seed')), 10_000);
      const off = swarm.events.on('peer', () => (clearTimeout(timer), off(), resolve()));
    });
    swarm.addPeer(second.address);
    await met;
    // Its bitfield (or HAVE ALL, BEP 6) arrives right after the handshake.
    await new Promise((r) => setTimeout(r, 500));
    expect(closed).not.toContain('both complete');
    const again = nextDone(swarm);
    swarm.setFilePriority(2, FILE_PRIORITY.normal);
    await again;
    const f = torrent.files[2]!;
    expect(await storage().read(f.offset, f.length)).toEqual(contents[2]);
    expect(exclusivePieces(torrent, 2).every((p) => second.read.has(p))).toBe(true);
  });

  it('streams a file in order while it downloads (sequential picking, reads wait for pieces)', async () => {
    const { torrent, contents } = await fixture();
    // ~1 MB/s: the 200 kB file takes a while, so reads overtake the download.
    const { address, read } = await startSeeder(torrent, contents, 1_000_000);
    const { swarm } = leecher(torrent, [0, 0, FILE_PRIORITY.high, 0]);
    await swarm.start();
    const f = torrent.files[2]!;
    swarm.streamFrom({ file: 2 });
    expect(swarm.sequential).toBe(Math.floor(f.offset / PIECE));
    swarm.addPeer(address);
    const chunks: Uint8Array[] = [];
    let waited = 0;
    for (let o = 0; o < f.length; o += 20_000) {
      const len = Math.min(20_000, f.length - o);
      if (!swarm.have!.get(Math.floor((f.offset + o + len - 1) / PIECE))) waited++;
      chunks.push(await swarm.read(f.offset + o, len, AbortSignal.timeout(20_000)));
    }
    const got = new Uint8Array(f.length);
    let at = 0;
    for (const c of chunks) {
      got.set(c, at);
      at += c.length;
    }
    expect(got).toEqual(contents[2]);
    expect(waited).toBeGreaterThan(0); // the reads really waited for the download
    // Pieces of the other files only as far as they share the streamed file's boundary pieces.
    for (const i of [0, 1, 3]) for (const p of exclusivePieces(torrent, i)) expect(read.has(p)).toBe(false);
  });

  it('a seek cancels the rarest-first queue: the sought piece comes next, not after the whole pipeline', async () => {
    // 2 MB in 64 pieces at 300 kB/s: the pipeline (32+ blocks) queues a second or more.
    const contents = [randomBytes(21, 700_000), randomBytes(22, 1_300_000)];
    const sources = contents.map((data, i) => ({ path: ['dir', `g${i}.bin`], length: data.length, read: async (o: number, l: number) => data.slice(o, o + l) }));
    const torrent = torrentFromMetainfo((await createTorrent(sources, hasher, { version: 'v1', pieceLength: PIECE, creationDate: null })).metainfo);
    const { address } = await startSeeder(torrent, contents, undefined, 300_000);
    const { swarm } = leecher(torrent);
    const first = new Promise<void>((resolve) => {
      const off = swarm.events.on('piece', () => {
        off();
        resolve();
      });
    });
    await swarm.start();
    swarm.addPeer(address);
    await first;
    // A missing piece late in the last file (the first random piece may have been any).
    const f = torrent.files[1]!;
    let piece = Math.floor((f.offset + f.length - 1) / PIECE) - 1;
    while (swarm.have!.get(piece)) piece--;
    const target = Math.max(f.offset, piece * PIECE);
    expect(swarm.have!.get(piece)).toBe(false);
    const before = swarm.have!.count();
    swarm.streamFrom({ byte: target });
    await swarm.read(target, 1000, AbortSignal.timeout(20_000));
    const after = swarm.have!.count();
    // Only what was on the wire or tolerated ahead (8 blocks) arrived before the sought piece,
    // not the rest of the rarest-first pipeline.
    console.log(`seek: ${after - before} pieces verified before the sought one (of ${torrent.pieceCount})`);
    expect(after - before).toBeLessThanOrEqual(5);
  });

  it('refuses to read data no selected file needs, and out-of-range files', async () => {
    const { torrent } = await fixture();
    const { swarm } = leecher(torrent, [1, 0, 0, 0]);
    await swarm.start();
    const f = torrent.files[2]!;
    await expect(swarm.read(f.offset + 40_000, 100)).rejects.toMatchObject({ code: 'SWARM_BAD_SELECTION' });
    expect(() => swarm.setFilePriority(9, 1)).toThrow(expect.objectContaining({ code: 'SWARM_BAD_SELECTION' }));
    const abort = new AbortController();
    const pending = swarm.read(0, 100, abort.signal);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'SWARM_STOPPED' });
  });
});
