/**
 * @module lib/bounded-pool.test — receiving verifies on one worker of a 4-worker pool (the real
 * hasher-wasm pool, on worker_threads here), digests unchanged, aborts of waiting calls honoured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HashPool } from '@seedling/core';
import { createHasher } from '@seedling/hasher-wasm';
import { createHashPool, type WorkerHashPool } from '@seedling/hasher-wasm/pool';
import { boundedHashPool, VerifyAbortedError } from './bounded-pool.js';

const PIECE = 256 << 10;
// 96 pieces (24 MiB) at once: since 2026-11-25 the pool itself starts a second worker for single
// pieces only once a worker that has answered twice takes its next 4 MiB batch with 4 MiB more
// still waiting (hash-pool.ts #backlogNeedsWorker), so 32 pieces (8 MiB) no longer show it.
const pieces = Array.from({ length: 96 }, (_, i) => new Uint8Array(PIECE).fill(i + 1));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
// Expected digests from the single-thread wasm hasher (no worker, no pool).
const single = await createHasher();
const sha1 = (b: Uint8Array): string => hex(single.sha1(b));

let pool: WorkerHashPool | undefined;
afterEach(async () => {
  await pool?.destroy();
  pool = undefined;
});

/** Verifies every piece at once, as a swarm does when pieces complete together. */
async function verifyAll(p: HashPool): Promise<string[]> {
  return (await Promise.all(pieces.map((d) => p.hashPieces(d, d.length, 'sha1')))).map(hex);
}

describe('boundedHashPool', () => {
  it('unbounded, 96 pieces at once start extra workers (what the bound prevents)', async () => {
    pool = createHashPool({ size: 4 });
    expect(await verifyAll(pool as unknown as HashPool)).toEqual(pieces.map(sha1));
    expect(pool.startedWorkers).toBeGreaterThan(1);
  });

  it('bounded, the same 96 pieces are verified on one worker with the same digests', async () => {
    pool = createHashPool({ size: 4 });
    expect(await verifyAll(boundedHashPool(pool as unknown as HashPool))).toEqual(pieces.map(sha1));
    expect(pool.startedWorkers).toBe(1);
  });

  it('a call aborted while it waits rejects with VERIFY_ABORTED; the others complete', async () => {
    pool = createHashPool({ size: 1 });
    const bounded = boundedHashPool(pool as unknown as HashPool, 1);
    const ac = new AbortController();
    const first = bounded.hashPieces(pieces[0]!, PIECE, 'sha1');
    const second = bounded.hashPieces(pieces[1]!, PIECE, 'sha1', ac.signal);
    const third = bounded.hashPieces(pieces[2]!, PIECE, 'sha1');
    ac.abort();
    await expect(second).rejects.toBeInstanceOf(VerifyAbortedError);
    expect(hex(await first)).toBe(sha1(pieces[0]!));
    expect(hex(await third)).toBe(sha1(pieces[2]!));
  });
});
