/**
 * @module adapters/browser/blob-read-worker — reads ranges of picked files in a dedicated worker.
 * Measured in bench/web.mjs (BENCH_WEB_TRACE=1): `Blob.slice()` of a picked File blocks the
 * calling thread ~4 ms in Chromium (the new blob is registered with the browser process), so a
 * seeding tab spent ~1 s of main thread per 64 MiB served slicing pieces. The worker gets the
 * files once (a Blob is cloned by reference), slices there and transfers each range back.
 */
import { StorageError } from '../../storage/errors.js';

/** Reads `length` bytes of file `file` at `offset`, off the page's thread. */
export interface BlobReader {
  read(file: number, offset: number, length: number): Promise<Uint8Array>;
  close(): void;
}

interface Reply {
  id: number;
  data?: ArrayBuffer;
  error?: string;
}

/** The worker body: turned into text, so it must not reference anything outside itself. */
function blobReadWorkerMain(): void {
  const scope = self as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(m: unknown, t?: Transferable[]): void };
  let blobs: Blob[] = [];
  scope.onmessage = (ev: MessageEvent) => {
    const m = ev.data as { blobs?: Blob[]; id?: number; file?: number; start?: number; end?: number };
    if (m.blobs) {
      blobs = m.blobs;
      return;
    }
    const id = m.id as number;
    const blob = blobs[m.file as number];
    if (!blob) {
      scope.postMessage({ id, error: 'no such file' });
      return;
    }
    blob
      .slice(m.start, m.end)
      .arrayBuffer()
      .then(
        (data) => scope.postMessage({ id, data }, [data]),
        (err: unknown) => scope.postMessage({ id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }),
      );
  };
}

let scriptUrl: string | null = null;

/** Starts a reader over `blobs`; `null` where dedicated workers do not exist. */
export function startBlobReader(blobs: readonly Blob[]): BlobReader | null {
  if (typeof Worker !== 'function' || typeof URL.createObjectURL !== 'function') return null;
  scriptUrl ??= URL.createObjectURL(new Blob([`(${blobReadWorkerMain.toString()})();`], { type: 'text/javascript' }));
  const worker = new Worker(scriptUrl, { name: 'seedling-blob-read' });
  const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  let next = 1;
  let dead: Error | null = null;
  const failAll = (err: Error): void => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.onmessage = (ev: MessageEvent<Reply>) => {
    const p = pending.get(ev.data.id);
    if (!p) return;
    pending.delete(ev.data.id);
    if (ev.data.data) p.resolve(new Uint8Array(ev.data.data));
    else p.reject(new StorageError('STORAGE_IO', ev.data.error ?? 'read failed'));
  };
  worker.onerror = (ev) => failAll(new StorageError('STORAGE_IO', `blob read worker failed: ${ev.message}`));
  worker.postMessage({ blobs: [...blobs] });
  return {
    read(file, offset, length) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, file, start: offset, end: offset + length });
      });
    },
    close() {
      failAll(new StorageError('STORAGE_CLOSED', 'storage is closed'));
      worker.terminate();
    },
  };
}
