/**
 * @module test/pool — the worker pool, imported from the BUILT dist through the package's own
 * "./pool" export (so this also checks that other packages can use it; run `pnpm build` first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createHashPool, nodePoolWorker, WorkerHashPool } from '@seedling/hasher-wasm/pool';
import { createHasher, isHasherError } from '../src/index.js';
import { hex, randomBytes, refPieces } from './helpers.js';

const pool = createHashPool({ size: 2 });
const h = await createHasher();
const data = randomBytes(21 * 1024 * 1024 + 333, 8);
afterAll(() => pool.destroy());

describe('hash pool (dist)', () => {
  it('has the requested size', () => expect(pool.size).toBe(2));

  it('hashPieces returns every digest in order, equal to single-thread and node:crypto', async () => {
    for (const [alg, len] of [['sha1', 16384], ['sha256', 262144], ['sha1', 4 << 20], ['sha256', 1000]] as const) {
      const d = len === 1000 ? data.subarray(0, 3_000_001) : data;
      const got = await pool.hashPieces(d, len, alg);
      expect(hex(got), `${alg} ${len}`).toBe(hex(h.hashPieces(d, len, alg)));
      if (len !== 16384) expect(hex(got)).toBe(hex(refPieces(alg, d, len)));
    }
  });

  it('in Node the workers take input through shared memory', () => {
    // the big calls above ran after the workers announced their shared staging buffers
    expect(pool.sharedMemoryWorkers).toBe(2);
  });

  it('many concurrent calls resolve with their own results', async () => {
    const parts = [1, 2, 3, 4, 5, 6].map((i) => data.subarray(i * 100_000, i * 100_000 + i * 300_001));
    const got = await Promise.all(parts.map((p, i) => pool.hashPieces(p, 16384 * (1 + (i % 3)), i % 2 ? 'sha1' : 'sha256')));
    got.forEach((g, i) => expect(hex(g)).toBe(hex(h.hashPieces(parts[i]!, 16384 * (1 + (i % 3)), i % 2 ? 'sha1' : 'sha256'))));
  });

  it('the caller keeps its buffer (copied, not detached)', async () => {
    const d = data.slice(0, 1 << 20);
    await pool.hashPieces(d, 65536, 'sha1');
    expect(d.byteLength).toBe(1 << 20);
    expect(hex(d.subarray(0, 8))).toBe(hex(data.subarray(0, 8)));
  });

  it('merkleRoot and pieceLayer equal the single-thread hasher', async () => {
    const d = data.subarray(0, 5 * 1024 * 1024 + 12345);
    expect(hex(await pool.merkleRoot(d))).toBe(hex(h.merkleRoot(d)));
    expect(hex(await pool.merkleRoot(d.subarray(0, 100), 8))).toBe(hex(h.merkleRoot(d.subarray(0, 100), 8)));
    expect(hex(await pool.pieceLayer(d, 1 << 20))).toBe(hex(h.pieceLayer(d, 1 << 20)));
  });

  it('an aborted signal rejects with HASHER_ABORTED', async () => {
    const ac = new AbortController();
    const p = pool.hashPieces(data, 16384, 'sha256', ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'HASHER_ABORTED' });
    await expect(pool.hashPieces(data, 16384, 'sha1', AbortSignal.abort())).rejects.toMatchObject({ code: 'HASHER_ABORTED' });
    // the pool still works afterwards
    expect(hex(await pool.hashPieces(data.subarray(0, 50000), 16384, 'sha1'))).toBe(hex(refPieces('sha1', data.subarray(0, 50000), 16384)));
  });

  it('bad input rejects with typed errors', async () => {
    const code = async (p: () => Promise<unknown>): Promise<string> => { try { await p(); return 'none'; } catch (e) { return isHasherError(e) ? e.code : 'untyped'; } };
    expect(await code(() => pool.hashPieces(data, 0, 'sha1'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(await code(() => pool.hashPieces(data, -1, 'sha1'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(await code(() => pool.hashPieces(data, 16, 'md5' as 'sha1'))).toBe('HASHER_INVALID_ALGORITHM');
    expect(await code(() => pool.merkleRoot(new Uint8Array(0)))).toBe('HASHER_EMPTY_INPUT');
    expect(await code(() => pool.merkleRoot(data, 0))).toBe('HASHER_INVALID_INPUT');
    expect(await code(() => pool.pieceLayer(data, 3 * 16384))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(() => createHashPool({ size: 0 })).toThrow(expect.objectContaining({ code: 'HASHER_INVALID_INPUT' }));
  });

  it('destroy() ends its workers and later calls reject', async () => {
    const p2 = createHashPool({ size: 2 });
    expect(hex(await p2.hashPieces(data.subarray(0, 70000), 16384, 'sha1'))).toBe(hex(refPieces('sha1', data.subarray(0, 70000), 16384)));
    const pending = expect(p2.hashPieces(data, 16384, 'sha256')).rejects.toMatchObject({ code: 'HASHER_POOL_DESTROYED' });
    await p2.destroy();
    await pending;
    await expect(p2.hashPieces(data, 16384, 'sha1')).rejects.toMatchObject({ code: 'HASHER_POOL_DESTROYED' });
  });

  it('crashing workers reject calls with HASHER_WORKER_FAILED and are not respawned forever', async () => {
    const missing = createHashPool({ size: 1, workerUrl: new URL('./does-not-exist.js', import.meta.url) });
    await expect(missing.hashPieces(data.subarray(0, 1000), 100, 'sha1')).rejects.toMatchObject({ code: 'HASHER_WORKER_FAILED' });
    await missing.destroy();
    let spawned = 0;
    const counted = new WorkerHashPool(1, () => { spawned++; return nodePoolWorker(new URL('./does-not-exist.js', import.meta.url)); });
    await expect(counted.hashPieces(data.subarray(0, 1000), 100, 'sha1')).rejects.toMatchObject({ code: 'HASHER_WORKER_FAILED' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const settled = spawned;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spawned).toBe(settled);
    expect(spawned).toBeLessThanOrEqual(3);
    await expect(counted.hashPieces(data.subarray(0, 1000), 100, 'sha1')).rejects.toMatchObject({ code: 'HASHER_WORKER_FAILED' });
    await counted.destroy();
    const dying = createHashPool({
      size: 2,
      workerUrl: new URL("data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));"),
    });
    await expect(dying.hashPieces(data.subarray(0, 1000), 100, 'sha1')).rejects.toMatchObject({ code: 'HASHER_WORKER_FAILED' });
    await expect(dying.hashPieces(data.subarray(0, 1000), 100, 'sha1')).rejects.toMatchObject({ code: 'HASHER_WORKER_FAILED' });
    await dying.destroy();
  });

  it('starts one worker, and more only while work waits for one', async () => {
    let spawned = 0;
    const url = new URL('../dist/pool-worker-node.js', import.meta.url);
    const lazy = new WorkerHashPool(3, () => { spawned++; return nodePoolWorker(url); });
    expect(spawned).toBe(1);
    // one piece at a time (a downloader verifying pieces): the one worker keeps up
    for (let i = 0; i < 4; i++) {
      const piece = data.subarray(i * 262144, (i + 1) * 262144);
      expect(hex(await lazy.hashPieces(piece, piece.length, 'sha1'))).toBe(hex(refPieces('sha1', piece, piece.length)));
    }
    expect(spawned).toBe(1);
    expect(lazy.startedWorkers).toBe(1);
    // many pieces at once: work waits, so the pool grows to its size, and no further
    const whole = data.subarray(0, 8 << 20);
    expect(hex(await lazy.hashPieces(whole, 262144, 'sha1'))).toBe(hex(refPieces('sha1', whole, 262144)));
    expect(spawned).toBe(3);
    expect(lazy.startedWorkers).toBe(3);
    await lazy.destroy();
  });

  it('single-piece calls start another worker only when a whole staging buffer still waits after a booted worker took its next batch', async () => {
    let spawned = 0;
    const url = new URL('../dist/pool-worker-node.js', import.meta.url);
    const lazy = new WorkerHashPool(2, () => { spawned++; return nodePoolWorker(url); });
    const piece = (i: number): Uint8Array => data.subarray((i % 16) * 262144, (i % 16 + 1) * 262144);
    const check = async (n: number): Promise<void> => {
      const got = await Promise.all(Array.from({ length: n }, (_, i) => lazy.hashPieces(piece(i), 262144, 'sha1')));
      got.forEach((g, i) => expect(hex(g), `piece ${i}`).toBe(hex(refPieces('sha1', piece(i), 262144))));
    };
    // 24 pieces (6 MiB) before the one worker has booted: a second one would not take them sooner
    await check(24);
    expect(spawned).toBe(1);
    // eight pieces (2 MiB) at once: the one worker takes them in its next batches
    await check(8);
    expect(spawned).toBe(1);
    // 24 pieces again (6 MiB): the worker takes 16 at once, then the other 8: it keeps up
    await check(24);
    expect(spawned).toBe(1);
    // 48 pieces (12 MiB): after its next batch a whole staging buffer still waits: a second one helps
    await check(48);
    expect(spawned).toBe(2);
    await lazy.destroy();
  });

  it('single-piece calls that wait together go to the worker as one task, each with its own digest', async () => {
    const url = new URL('../dist/pool-worker-node.js', import.meta.url);
    const posted: number[] = [];
    const counted = new WorkerHashPool(1, () => {
      const w = nodePoolWorker(url);
      return { ...w, post: (req) => { posted.push(req.length); w.post(req); } };
    });
    // the worker announces its shared staging buffer first (so batches go through it)
    await counted.hashPieces(data.subarray(0, 1000), 1000, 'sha1');
    posted.length = 0;
    const pieces = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => data.subarray(i * 262144, (i + 1) * 262144));
    const short = data.subarray(0, 5000);
    const got = await Promise.all([...pieces.map((p) => counted.hashPieces(p, p.length, 'sha1')), counted.hashPieces(short, short.length, 'sha1')]);
    pieces.forEach((p, i) => expect(hex(got[i]!), `piece ${i}`).toBe(hex(refPieces('sha1', p, p.length))));
    expect(hex(got[8]!)).toBe(hex(refPieces('sha1', short, short.length)));
    // the short piece (another shape) alone; the eight 256 KiB pieces in batches of at least four
    // (the first four leave as soon as they are gathered, the rest wait for the busy worker)
    expect(posted.filter((n) => n === 5000)).toHaveLength(1);
    const batches = posted.filter((n) => n !== 5000);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(8 * 262144);
    expect(batches.length).toBeLessThanOrEqual(2);
    // a lone call still completes (after the short gathering wait)
    expect(hex(await counted.hashPieces(pieces[0]!, 262144, 'sha256'))).toBe(hex(refPieces('sha256', pieces[0]!, 262144)));
    await counted.destroy();
  });

  it('destroy() makes every worker thread exit', async () => {
    const url = new URL('../dist/pool-worker-node.js', import.meta.url);
    const exits: Promise<number>[] = [];
    const p3 = new WorkerHashPool(3, () => {
      const w = new Worker(url);
      exits.push(new Promise((resolve) => w.once('exit', resolve)));
      return nodePoolWorker(url, w);
    });
    // 37 pieces: three tasks at once, so all three workers start (they start while work waits)
    expect(hex(await p3.hashPieces(data.subarray(0, 600_000), 16384, 'sha256'))).toBe(hex(refPieces('sha256', data.subarray(0, 600_000), 16384)));
    expect(exits.length).toBe(3);
    await p3.destroy();
    expect((await Promise.all(exits)).length).toBe(3);
  });
});
