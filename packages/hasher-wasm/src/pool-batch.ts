/**
 * @module pool-batch — single-piece calls hashed together. A downloader verifies each piece on
 * its own as it completes: one call, one worker message and, in the worker, one SHA stream at a
 * time (1.5 s/GiB for SHA-1 here). Calls of the same shape (algorithm and length) that wait
 * together go to a worker as one task of consecutive pieces, which the wasm kernel hashes four
 * at a time in the SIMD lanes (0.9 s/GiB), with one message instead of one per piece. A lone
 * call waits at most {@link GATHER_MS} for companions.
 */

import type { HashAlgorithm } from './types.js';

/** Pieces gathered before a batch leaves at once (the kernel's lane count). */
export const GATHER_PIECES = 4;
/**
 * How long a single-piece call may wait for companions. At 200 MB/s four 256 KiB pieces
 * complete within ~5 ms; a slower download pays this much verification latency per piece.
 */
export const GATHER_MS = 5;

/** What a single-piece call hashes. */
export interface SinglePiece {
  readonly bytes: Uint8Array;
  readonly algorithm: HashAlgorithm;
  /** When the call was queued (performance.now()). */
  readonly at: number;
}

/** Something queued that may be a single-piece call. */
export interface Batchable {
  readonly single?: SinglePiece;
  cancelled(): boolean;
}

/** True when `b` can share a task with `a` (same algorithm and length). */
export function sameShape(a: SinglePiece, b: SinglePiece | undefined): boolean {
  return b !== undefined && b.algorithm === a.algorithm && b.bytes.length === a.bytes.length;
}

/** Live queued calls of `head`'s shape, `head` included, up to `max`. */
export function countSameShape(head: SinglePiece, queue: readonly Batchable[], max: number): number {
  let n = 1;
  for (let i = 0; i < queue.length && n < max; i++) if (!queue[i]!.cancelled() && sameShape(head, queue[i]!.single)) n++;
  return n;
}

/** Removes and returns up to `max - 1` live queued calls of `head`'s shape, in queue order. */
export function takeSameShape<T extends Batchable>(head: SinglePiece, queue: T[], max: number): T[] {
  const taken: T[] = [];
  for (let i = 0; i < queue.length && taken.length < max - 1; ) {
    const t = queue[i]!;
    if (!t.cancelled() && sameShape(head, t.single)) {
      taken.push(t);
      queue.splice(i, 1);
    } else i++;
  }
  return taken;
}

/** Copies the pieces one after another into `target` (at least their total length). */
export function packPieces(pieces: readonly SinglePiece[], target: Uint8Array): number {
  let off = 0;
  for (const p of pieces) {
    target.set(p.bytes, off);
    off += p.bytes.length;
  }
  return off;
}
