/** @module pool-worker-node — worker_threads entry of the hash pool (built to dist/pool-worker-node.js). */

import { parentPort } from 'node:worker_threads';
import { handlePoolRequest, startPoolWorker } from './pool-worker-handler.js';
import type { PoolRequest } from './pool-protocol.js';

parentPort?.on('message', (req: PoolRequest) => {
  void handlePoolRequest(req).then(({ response, transfer }) => parentPort?.postMessage(response, transfer));
});
void startPoolWorker().then((shared) => { if (shared) parentPort?.postMessage(shared); });
