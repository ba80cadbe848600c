/** @module pool-protocol — messages between the hash pool and its workers (ArrayBuffers are transferred). */

import type { HasherErrorCode } from './errors.js';
import type { HashAlgorithm } from './types.js';

/** Pool → worker: hash the pieces in the first `length` bytes of `buf`. */
export interface PoolRequest {
  id: number;
  buf: ArrayBuffer;
  length: number;
  pieceLength: number;
  algorithm: HashAlgorithm;
}

/** Worker → pool: the concatenated digests (and the input buffer back, for reuse), or a typed failure. */
export type PoolResponse =
  | { id: number; ok: true; buf: ArrayBuffer; input: ArrayBuffer }
  | { id: number; ok: false; code: HasherErrorCode; message: string; input: ArrayBuffer };

/** The minimal worker surface the pool needs, satisfied by worker_threads and Web Workers via adapters. */
export interface PoolWorker {
  post(request: PoolRequest): void;
  /** Registers the handler for responses and for a crash of the worker. */
  listen(onResponse: (r: PoolResponse) => void, onCrash: (err: unknown) => void): void;
  /** Marks the worker busy (true) or idle (false); Node uses this to ref/unref the thread. */
  setBusy(busy: boolean): void;
  terminate(): Promise<void>;
}
