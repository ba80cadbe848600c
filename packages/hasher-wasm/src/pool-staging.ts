/**
 * @module pool-staging — how a task's input reaches its worker, copied once when the worker takes
 * it (so only in-flight slices are ever copied): where shared memory works (Node; cross-origin
 * isolated pages) straight into the worker's wasm staging buffer (nothing transferred), else into
 * a recycled ArrayBuffer (pool-buffers.ts) that is transferred, not cloned, and comes back with
 * the digests. The requests built here have `id` 0 until the pool sets it.
 */

import type { TransferBuffers } from './pool-buffers.js';
import { packPieces, type SinglePiece } from './pool-batch.js';
import type { PoolRequest } from './pool-protocol.js';
import type { HashAlgorithm } from './types.js';

/** A worker's shared wasm staging buffer (when the platform has shared memory). */
export interface SharedInput { view: Uint8Array; size: number }

/** The request hashing `data[start, end)` in pieces of `pieceLength`, its input staged. */
export function stageSlice(
  shared: SharedInput | undefined,
  buffers: TransferBuffers,
  data: Uint8Array,
  start: number,
  end: number,
  pieceLength: number,
  algorithm: HashAlgorithm,
): PoolRequest {
  const length = end - start;
  const part = start === 0 && end === data.length ? data : data.subarray(start, end);
  if (shared && length <= shared.size) {
    shared.view.set(part);
    return { id: 0, length, pieceLength, algorithm };
  }
  const buf = buffers.take(length);
  new Uint8Array(buf, 0, length).set(part);
  return { id: 0, buf, length, pieceLength, algorithm };
}

/** The request hashing single pieces of one shape as one task: consecutive in the staged input (pool-batch.ts). */
export function stageBatch(shared: SharedInput | undefined, buffers: TransferBuffers, pieces: readonly SinglePiece[]): PoolRequest {
  const first = pieces[0]!;
  const length = first.bytes.length * pieces.length;
  if (shared && length <= shared.size) {
    packPieces(pieces, shared.view);
    return { id: 0, length, pieceLength: first.bytes.length, algorithm: first.algorithm };
  }
  const buf = buffers.take(length);
  packPieces(pieces, new Uint8Array(buf, 0, length));
  return { id: 0, buf, length, pieceLength: first.bytes.length, algorithm: first.algorithm };
}
