/**
 * @module pool-start-policy — when the hash pool starts another worker. Workers start lazily
 * (hash-pool.ts): each Node worker costs its boot (~0.08 CPU-s) and ~20 MB of RSS, so a pool
 * grows only while queued work could not otherwise be taken soon.
 */

import type { Batchable } from './pool-batch.js';

/** What the policy reads of a started worker. */
export interface WorkerProgress {
  /** Responses received (0: still booting, its first task not done). */
  readonly answered: number;
  readonly dead: boolean;
}

/**
 * True when queued work should start another worker. Calls over many pieces (torrent creation,
 * a resume check): whenever work waits. Single pieces (a downloader verifying each piece as it
 * completes) only when the pool has fallen behind for good: a worker that has answered before
 * (not its first task, which waits for its boot) has just taken its next batch (up to a
 * staging buffer, `stagingBytes`), and a whole staging buffer more still waits. A backlog short
 * of that costs a few ms of verification latency, while a second worker costs its boot (~0.08
 * CPU-s), ~20 MB of RSS and a thread that the one-worker rate (~1 GB/s of SHA-1 per core here)
 * does not need. Pieces that pile up while the first worker boots (~0.1 s on a loaded machine:
 * up to the downloader's held bound of 8 MiB at 300 MB/s) do not count: a second booting
 * worker would not take them sooner. Measured before (1 GiB and 256 MiB seedling → seedling
 * downloads at 250–350 MB/s, 2 cores): the second worker started in every run, as the first
 * one booted, and then hashed a fifth to a third of the pieces.
 *
 * `queue`: the work waiting; `freed`: the worker that just answered (and took its next work),
 * if any; `workers`: every started worker.
 */
export function backlogNeedsWorker(
  queue: readonly Batchable[],
  freed: WorkerProgress | undefined,
  workers: readonly WorkerProgress[],
  stagingBytes: number,
): boolean {
  if (queue.length === 0) return false;
  if (!queue[0]!.single) return true;
  if (!freed || freed.answered < 2 || workers.some((s) => s.answered === 0 && !s.dead)) return false;
  let bytes = 0;
  for (const t of queue) {
    if (!t.single) return true;
    bytes += t.single.bytes.length;
    if (bytes >= stagingBytes) return true;
  }
  return false;
}
