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
const pieces = Array.from({ length: 32 }, (_, i) => new Uint8Array(PIECE).fill(i + 1));
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
  it('unbounded, 32 pieces at once start extra workers (what the bound prevents)', async () => {
    pool = createHashPool({ size: 4 });
    expect(await verifyAll(pool as unknown as HashPool)).toEqual(pieces.map(sha1));
    expect(pool.startedWorkers).toBeGreaterThan(1);
  });

  it('bounded, the same 32 pieces are verified on one worker with the same digests', async () => {
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
