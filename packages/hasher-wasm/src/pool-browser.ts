/**
 * @module pool-browser — `@seedling/hasher-wasm/pool` under the "browser"/"default" conditions:
 * the hash pool on module Web Workers (bundlers such as Vite pick up the
 * `new Worker(new URL(...), { type: 'module' })` pattern and emit the worker file).
 */

import { WorkerHashPool, type HashPoolOptions } from './hash-pool.js';
import type { PoolMessage, PoolRequest, PoolWorker } from './pool-protocol.js';

export { WorkerHashPool, type HashPoolOptions } from './hash-pool.js';

/** Options of the browser pool. */
export interface BrowserHashPoolOptions extends HashPoolOptions {
  /** Worker script URL (default: dist/pool-worker-browser.js next to this file). */
  workerUrl?: URL;
}

/** Wraps a Web Worker as a PoolWorker. */
function webWorker(w: Worker): PoolWorker {
  return {
    post: (req: PoolRequest) => w.postMessage(req, req.buf ? [req.buf] : []),
    listen(onResponse, onCrash) {
      w.onmessage = (ev: MessageEvent<PoolMessage>) => onResponse(ev.data);
      w.onerror = (ev) => onCrash(ev);
    },
    setBusy: () => {},
    terminate: async () => w.terminate(),
  };
}

/** A hash pool of `size` (default: navigator.hardwareConcurrency) Web Workers. */
export function createHashPool(options: BrowserHashPoolOptions = {}): WorkerHashPool {
  const size = options.size ?? Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2);
  if (options.workerUrl) {
    const url = options.workerUrl;
    return new WorkerHashPool(size, () => webWorker(new Worker(url, { type: 'module' })));
  }
  return new WorkerHashPool(size, () => webWorker(new Worker(new URL('./pool-worker-browser.js', import.meta.url), { type: 'module' })));
}
