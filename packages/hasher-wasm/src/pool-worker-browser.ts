/** @module pool-worker-browser — Web Worker entry of the hash pool (built to dist/pool-worker-browser.js). */

import { handlePoolRequest, startPoolWorker } from './pool-worker-handler.js';
import type { PoolRequest } from './pool-protocol.js';

/** The worker global scope, typed narrowly so this file needs no "WebWorker" lib. */
interface WorkerScope {
  onmessage: ((ev: MessageEvent<PoolRequest>) => void) | null;
  postMessage(msg: unknown, transfer?: Transferable[]): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (ev) => {
  void handlePoolRequest(ev.data).then(({ response, transfer }) => scope.postMessage(response, transfer));
};
void startPoolWorker().then((shared) => { if (shared) scope.postMessage(shared); });
