/**
 * @module pool-node — `@seedling/hasher-wasm/pool` under the "node" condition: the hash pool on
 * worker_threads. Idle workers are unref'd so a forgotten pool does not keep Node alive.
 *
 * @example
 * import { createHashPool } from '@seedling/hasher-wasm/pool';
 * const pool = createHashPool({ size: 2 });
 * const digests = await pool.hashPieces(bytes, 262144, 'sha1');
 * await pool.destroy();
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WorkerHashPool, type HashPoolOptions } from './hash-pool.js';
import type { PoolMessage, PoolRequest, PoolWorker } from './pool-protocol.js';

export type { PoolWorker } from './pool-protocol.js';

export { WorkerHashPool, type HashPoolOptions } from './hash-pool.js';

/** Options of the Node pool. */
export interface NodeHashPoolOptions extends HashPoolOptions {
  /** Worker script (default: dist/pool-worker-node.js next to this file). */
  workerUrl?: URL;
}

/** Wraps a worker_threads Worker as a PoolWorker (exported for tests and custom spawning). */
export function nodePoolWorker(url: URL, w: Worker = new Worker(url)): PoolWorker {
  return {
    post: (req: PoolRequest) => w.postMessage(req, req.buf ? [req.buf] : []),
    listen(onResponse, onCrash) {
      w.on('message', (m: PoolMessage) => onResponse(m));
      w.on('error', onCrash);
      w.on('exit', (code) => { if (code !== 0) onCrash(new Error(`worker exited with ${code}`)); });
    },
    setBusy: (busy) => (busy ? w.ref() : w.unref()),
    terminate: async () => { await w.terminate(); },
  };
}

/** A hash pool of `size` (default: logical cores) worker threads. */
export function createHashPool(options: NodeHashPoolOptions = {}): WorkerHashPool {
  const url = options.workerUrl ?? new URL('./pool-worker-node.js', import.meta.url);
  return new WorkerHashPool(options.size ?? availableParallelism(), () => nodePoolWorker(url));
}
