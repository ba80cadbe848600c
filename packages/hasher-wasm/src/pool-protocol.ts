/** @module pool-protocol — messages between the hash pool and its workers (ArrayBuffers are transferred). */

import type { HasherErrorCode } from './errors.js';
import type { HashAlgorithm } from './types.js';

/**
 * Pool → worker: hash the pieces in the first `length` bytes of `buf` (transferred), or, when
 * `buf` is absent, of the worker's shared staging buffer, which the pool has just filled.
 */
export interface PoolRequest {
  id: number;
  buf?: ArrayBuffer;
  length: number;
  pieceLength: number;
  algorithm: HashAlgorithm;
}

/** Worker → pool: the concatenated digests (and the input buffer back, for reuse), or a typed failure. */
export type PoolResponse =
  | { id: number; ok: true; buf: ArrayBuffer; input?: ArrayBuffer }
  | { id: number; ok: false; code: HasherErrorCode; message: string; input?: ArrayBuffer };

/** Worker → pool, once at start when shared memory works: where the pool may write task input. */
export interface PoolSharedMemory {
  type: 'shared';
  memory: SharedArrayBuffer;
  inPtr: number;
  inSize: number;
}

/** Any message a worker sends. */
export type PoolMessage = PoolResponse | PoolSharedMemory;

/** The minimal worker surface the pool needs, satisfied by worker_threads and Web Workers via adapters. */
export interface PoolWorker {
  post(request: PoolRequest): void;
  /** Registers the handler for responses and for a crash of the worker. */
  listen(onMessage: (m: PoolMessage) => void, onCrash: (err: unknown) => void): void;
  /** Marks the worker busy (true) or idle (false); Node uses this to ref/unref the thread. */
  setBusy(busy: boolean): void;
  terminate(): Promise<void>;
}
