/**
 * @module adapters/browser/opfs-storage — core's Storage on the Origin Private File System.
 * Data goes to disk as it arrives (never whole files in memory) through sync access handles in a
 * dedicated worker; a reload finds the files again, so the swarm's resume check keeps what is
 * valid. Files live under `root` (path components below the OPFS root) + the torrent paths.
 */
import type { Storage, StorageFactory, StorageFile } from '../../storage/storage.js';
import { createFileLayout } from '../../storage/file-layout.js';
import { StorageError } from '../../storage/errors.js';
import { prestartOpfsWorker, startOpfsWorker } from './opfs-client.js';

export { prestartOpfsWorker };

/** Write buffers kept for reuse (per storage). */
const MAX_SPARE_BUFFERS = 8;

/** Options of {@link createOpfsStorage}. */
export interface OpfsStorageOptions {
  /** Folder below the OPFS root holding this torrent's files, e.g. `['data', infoHashHex]`. */
  readonly root: readonly string[];
}

/** A Storage with an extra `size` (for the swarm's FileProbe) and `release` (unlock the files). */
export interface OpfsStorage extends Storage {
  /** Current size of a torrent file on disk (0 when missing). */
  size(file: StorageFile): Promise<number>;
  /** Closes the sync handles (they lock the files) so `getFile()` can read them; reopened on use. */
  release(): Promise<void>;
}

/** Whether this browser offers OPFS with sync access handles in workers. */
export function opfsAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function' && typeof Worker !== 'undefined';
}

/** A StorageFactory on OPFS; each storage has its own worker, ended by `close()`. */
export function createOpfsStorage(options: OpfsStorageOptions): StorageFactory {
  return async (files) => openOpfsStorage(files, options);
}

/** Opens OPFS storage for `files` directly (the factory's body, typed with the extras). */
export function openOpfsStorage(files: readonly StorageFile[], options: OpfsStorageOptions): OpfsStorage {
  const layout = createFileLayout(files);
  const worker = startOpfsWorker();
  const pathOf = (i: number): string[] => [...options.root, ...files[i]!.path];
  let closed = false;
  // Write buffers travel to the worker and back (transferred both ways) and are reused: a
  // renderer receiving gigabytes allocates a few buffers, not one per piece (bounded RSS).
  const spare: ArrayBuffer[] = [];
  const takeBuffer = (length: number): Uint8Array<ArrayBuffer> => {
    const i = spare.findIndex((b) => b.byteLength === length);
    return i >= 0 ? new Uint8Array(spare.splice(i, 1)[0]!) : new Uint8Array(length);
  };
  const giveBuffer = (b: ArrayBuffer): void => {
    if (spare.length >= MAX_SPARE_BUFFERS) spare.shift();
    spare.push(b);
  };
  const check = (): void => {
    if (closed) throw new StorageError('STORAGE_CLOSED', 'storage is closed');
  };
  return {
    async read(offset, length) {
      check();
      const out = new Uint8Array(length);
      await Promise.all(
        layout.segments(offset, length).map(async (seg) => {
          const r = await worker.call({ op: 'read', path: pathOf(seg.fileIndex), position: seg.fileOffset, length: seg.length });
          out.set(new Uint8Array(r.data!), seg.bufferOffset);
        }),
      );
      return out;
    },
    async write(offset, data) {
      check();
      await Promise.all(
        layout.segments(offset, data.length).map((seg) => {
          const part = takeBuffer(seg.length);
          part.set(data.subarray(seg.bufferOffset, seg.bufferOffset + seg.length));
          return worker.call({ op: 'write', path: pathOf(seg.fileIndex), position: seg.fileOffset, data: part.buffer }, [part.buffer]).then((r) => {
            if (r.data) giveBuffer(r.data);
          });
        }),
      );
    },
    async flush() {
      check();
      await worker.call({ op: 'flush' });
    },
    async size(file) {
      check();
      const i = files.indexOf(file);
      const path = i >= 0 ? pathOf(i) : [...options.root, ...file.path];
      return (await worker.call({ op: 'size', path })).size ?? 0;
    },
    async release() {
      check();
      await worker.call({ op: 'release' });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await worker.call({ op: 'release' });
      } finally {
        worker.terminate();
      }
    },
  };
}
