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

/**
 * Wraps a worker_threads Worker as a PoolWorker (exported for tests and custom spawning). Without
 * `given`, the thread starts at the first request, not when the pool makes its first slot: a
 * `seedling get` creates its pool at start but hashes nothing until its first piece arrives, and
 * booting a Node worker (~0.08 CPU-s, wasm compiled in it) then competes with connecting to
 * peers; eight downloaders starting at once on two cores felt it (issue 8, flash crowd).
 */
export function nodePoolWorker(url: URL, given?: Worker): PoolWorker {
  let w = given;
  let handlers: { onResponse: (m: PoolMessage) => void; onCrash: (err: unknown) => void } | undefined;
  let busy = true;
  const attach = (worker: Worker): void => {
    if (!handlers) return;
    const { onResponse, onCrash } = handlers;
    worker.on('message', (m: PoolMessage) => onResponse(m));
    worker.on('error', onCrash);
    worker.on('exit', (code) => { if (code !== 0) onCrash(new Error(`worker exited with ${code}`)); });
  };
  const thread = (): Worker => {
    if (!w) {
      w = new Worker(url);
      attach(w);
      if (!busy) w.unref();
    }
    return w;
  };
  return {
    post: (req: PoolRequest) => thread().postMessage(req, req.buf ? [req.buf] : []),
    listen(onResponse, onCrash) {
      handlers = { onResponse, onCrash };
      if (w) attach(w);
    },
    setBusy: (b) => {
      busy = b;
      if (w) (b ? w.ref() : w.unref());
    },
    terminate: async () => { await w?.terminate(); },
  };
}

/** A hash pool of `size` (default: logical cores) worker threads. */
export function createHashPool(options: NodeHashPoolOptions = {}): WorkerHashPool {
  const url = options.workerUrl ?? new URL('./pool-worker-node.js', import.meta.url);
  return new WorkerHashPool(options.size ?? availableParallelism(), () => nodePoolWorker(url));
}
