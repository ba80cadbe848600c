/**
 * @module adapters/browser/opfs-client — talks to one OPFS worker: request/reply by id, buffers
 * transferred both ways (one copy into the worker for writes, none back for reads).
 */
import { StorageError } from '../../storage/errors.js';
import { opfsWorkerScript, type OpfsWorkerReply, type OpfsWorkerRequest } from './opfs-worker-source.js';

/** Distributes the request union over its members, minus the id the client assigns. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A started OPFS worker. */
export interface OpfsClient {
  call(req: WithoutId<OpfsWorkerRequest>, transfer?: Transferable[]): Promise<OpfsWorkerReply>;
  terminate(): void;
}

let scriptUrl: string | null = null;

function workerUrl(): string {
  scriptUrl ??= URL.createObjectURL(new Blob([opfsWorkerScript()], { type: 'text/javascript' }));
  return scriptUrl;
}

/** Maps a worker-side DOMException name onto a StorageError code. */
export function storageErrorFrom(err: { name: string; message: string }): StorageError {
  const code = err.name === 'QuotaExceededError' ? 'STORAGE_NO_SPACE' : err.name === 'NotFoundError' ? 'STORAGE_NOT_FOUND' : 'STORAGE_IO';
  return new StorageError(code, `${err.name}: ${err.message}`);
}

/** A worker started ahead of need by {@link prestartOpfsWorker}, taken by the next storage. */
let spare: Worker | null = null;

/**
 * Starts an OPFS worker now for the next {@link startOpfsWorker} (at most one waits). A receive
 * opens its storage, and asks it for the files already there (the resume check), only once the
 * metadata arrived, and the interested message waits for both: with the worker booting then, its
 * start-up (script, OPFS root) sat between the metadata and the first request (bench/web.mjs
 * traces: 40–130 ms from the metadata's arrival to the `metadata` event, 38–55 ms with the
 * worker started as the receive announced itself, booting while the peer connection is set up).
 * A worker started and never taken stays idle until the page closes.
 */
export function prestartOpfsWorker(): void {
  spare ??= new Worker(workerUrl(), { name: 'seedling-opfs' });
}

/** Starts a worker holding OPFS sync access handles (the pre-started one when there is one). */
export function startOpfsWorker(): OpfsClient {
  const worker = spare ?? new Worker(workerUrl(), { name: 'seedling-opfs' });
  spare = null;
  const pending = new Map<number, { resolve: (r: OpfsWorkerReply) => void; reject: (e: Error) => void }>();
  let next = 1;
  let dead: Error | null = null;
  worker.onmessage = (ev: MessageEvent<OpfsWorkerReply>) => {
    const p = pending.get(ev.data.id);
    if (!p) return;
    pending.delete(ev.data.id);
    if (ev.data.error) p.reject(storageErrorFrom(ev.data.error));
    else p.resolve(ev.data);
  };
  worker.onerror = (ev) => {
    dead = new StorageError('STORAGE_IO', `OPFS worker failed: ${ev.message}`);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  return {
    call(req, transfer = []) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...req, id }, transfer);
      });
    },
    terminate() {
      dead = new StorageError('STORAGE_CLOSED', 'storage is closed');
      for (const p of pending.values()) p.reject(dead);
      pending.clear();
      worker.terminate();
    },
  };
}
