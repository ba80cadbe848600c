/**
 * @module tests/web/lib/opfs-suite-entry — page bundle: core's Storage compliance suite against
 * the OPFS storage adapter, exposed as `window.runOpfsSuite()`.
 */
import { opfsRemove } from '../../../packages/core/src/adapters/browser/opfs-files.js';
import { createOpfsStorage, prestartOpfsWorker } from '../../../packages/core/src/adapters/browser/opfs-storage.js';
import { runStorageSuite } from '../../../packages/core/src/testing/storage-suite.js';
import { runRegistered } from './mini-vitest.js';

let n = 0;
runStorageSuite({
  name: 'OPFS',
  create: (files) => {
    // Every other storage takes a worker started ahead of it (as a receive does): both pass.
    if (++n % 2 === 0) prestartOpfsWorker();
    return createOpfsStorage({ root: ['suite', String(n)] })(files);
  },
  cleanup: () => opfsRemove(['suite']),
});

(globalThis as unknown as { runOpfsSuite: typeof runRegistered }).runOpfsSuite = runRegistered;
