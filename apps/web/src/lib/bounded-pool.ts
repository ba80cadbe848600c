/**
 * @module lib/bounded-pool — the receiving swarm's view of the page's hash pool: at most a few
 * verifications outstanding at once.
 *
 * Why: the pool may start another Web Worker for single pieces (since 2026-11-25 only once a worker
 * that has answered twice takes its next batch with a whole staging buffer more still waiting:
 * hasher-wasm pool-start-policy.ts, so a page receiving at tens of MB/s rarely reaches it; this
 * bound makes one worker a guarantee, e.g. when a loaded machine stalls the worker). Each worker
 * is one more V8 isolate in the renderer process with its own wasm memory (4 MiB staging buffer) and its own 4 MiB recycled
 * transfer buffer, i.e. ~10–15 MB of renderer RSS apiece; on a 4+ core machine a download would
 * start up to four of them although one worker hashes SHA-1 far faster (~1 GB/s) than any page
 * receives. Holding the pool to one batch at a time keeps receiving on one worker (the 1 GiB
 * CLI → page test bounds renderer RSS at 300 MB). Pieces that wait here keep their buffers in the
 * swarm, which counts them in its held-piece bound and stops requesting new pieces meanwhile
 * (core swarm/pipeline-limits.ts), so waiting is back-pressure, not a growing queue.
 */
import type { HashAlgorithm, HashPool } from '@seedling/core';

/** Outstanding calls by default: one SIMD batch (the wasm kernel hashes four pieces at once). */
export const VERIFY_IN_FLIGHT = 4;

/** Error thrown to a call that was aborted while it waited for its turn. */
export class VerifyAbortedError extends Error {
  readonly code = 'VERIFY_ABORTED';
  constructor(cause: unknown) {
    super('verification aborted while waiting for the hash pool', { cause });
    this.name = 'VerifyAbortedError';
  }
}

/** `pool` with at most `maxInFlight` calls handed to it at a time (FIFO); `destroy` is left to the owner. */
export function boundedHashPool(pool: HashPool, maxInFlight = VERIFY_IN_FLIGHT): HashPool {
  if (!(maxInFlight >= 1)) throw new RangeError('maxInFlight must be at least 1');
  let running = 0;
  const waiting: Array<() => void> = [];

  const turn = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(new VerifyAbortedError(signal.reason));
    if (running < maxInFlight) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        running++;
        resolve();
      };
      const onAbort = (): void => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        reject(new VerifyAbortedError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(go);
    });
  };
  const done = (): void => {
    running--;
    waiting.shift()?.();
  };
  const limited = async <T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> => {
    await turn(signal);
    try {
      return await call();
    } finally {
      done();
    }
  };

  return {
    get size() {
      return pool.size;
    },
    hashPieces: (data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm, signal?: AbortSignal) =>
      limited(signal, () => pool.hashPieces(data, pieceLength, algorithm, signal)),
    merkleRoot: (data: Uint8Array, minLeaves?: number, signal?: AbortSignal) =>
      limited(signal, () => pool.merkleRoot(data, minLeaves, signal)),
    // The page's pool is shared with sharing and outlives every transfer: its owner destroys it.
    destroy: async () => {},
  };
}
