/**
 * @module adapters/browser/blob-storage — read-only Storage over the user's picked files
 * (`File`/`Blob`), for seeding from a tab: each read is a `slice().arrayBuffer()` of the ranges
 * asked for, so no file is ever loaded whole, done in a worker where there is one
 * (blob-read-worker.ts: slicing blocks the calling thread). Writes are refused
 * (`STORAGE_READ_ONLY`).
 */
import type { Storage, StorageFactory, StorageFile } from '../../storage/storage.js';
import { createFileLayout } from '../../storage/file-layout.js';
import { StorageError } from '../../storage/errors.js';
import { startBlobReader, type BlobReader } from './blob-read-worker.js';

/**
 * Ranges read ahead of a sequential reader. A seeding tab serves its peer's requests in order
 * (one range after the other, each awaited before the next is asked for); every read crosses to
 * the worker and the browser's blob registry, and while it was on its way the data channel ran
 * dry (bench/web.mjs traces: the seeder's `bufferedAmount` at 0 in 6–10 % of the samples, and
 * each piece's last bytes went as a small message of their own). Two ranges ahead keep one in
 * flight while the other waits: at most two reads' bytes held (2 MiB with 1 MiB slots).
 */
const READ_AHEAD = 2;

/** A picked file and its path in the torrent (as in the torrent's file list). */
export interface BlobSource {
  readonly path: readonly string[];
  readonly blob: Blob;
}

/** Options of {@link createBlobStorage}. */
export interface BlobStorageOptions {
  /** Read in a dedicated worker when the platform has one (default true). */
  worker?: boolean;
}

/**
 * Storage over `sources`, matched to the torrent's non-pad files by path. Throws
 * `STORAGE_NOT_FOUND` for a torrent file with no source and `STORAGE_BAD_LAYOUT` for a size
 * that differs.
 */
export function createBlobStorage(sources: readonly BlobSource[], options: BlobStorageOptions = {}): StorageFactory {
  return async (files: readonly StorageFile[]): Promise<Storage> => {
    const byPath = new Map(sources.map((s) => [s.path.join('/'), s.blob]));
    const byIndex = new Map<number, Blob>();
    files.forEach((f, i) => {
      if (f.pad || f.length === 0) return;
      const blob = byPath.get(f.path.join('/'));
      if (!blob) throw new StorageError('STORAGE_NOT_FOUND', `no picked file for ${f.path.join('/')}`);
      if (blob.size !== f.length) throw new StorageError('STORAGE_BAD_LAYOUT', `${f.path.join('/')} is ${blob.size} bytes, the torrent says ${f.length}`);
      byIndex.set(i, blob);
    });
    const layout = createFileLayout(files);
    let closed = false;
    // The worker knows the files by their index in `files` (empty blobs where there is none).
    const reader: BlobReader | null = options.worker === false ? null : startBlobReader(files.map((_, i) => byIndex.get(i) ?? new Blob([])));
    const readPart = async (fileIndex: number, start: number, length: number): Promise<Uint8Array> => {
      try {
        if (reader) return await reader.read(fileIndex, start, length);
        return new Uint8Array(await byIndex.get(fileIndex)!.slice(start, start + length).arrayBuffer());
      } catch (cause) {
        if (cause instanceof StorageError && cause.code === 'STORAGE_CLOSED') throw cause;
        throw new StorageError('STORAGE_IO', `cannot read ${files[fileIndex]!.path.join('/')} (changed or removed?)`, { cause });
      }
    };
    const total = files.reduce((n, f) => n + f.length, 0);
    const readRange = async (offset: number, length: number): Promise<Uint8Array> => {
      const segments = layout.segments(offset, length);
      const only = segments.length === 1 ? segments[0]! : null;
      // The common case, a piece inside one file: the buffer read is the result, no copy.
      if (only && only.length === length) return readPart(only.fileIndex, only.fileOffset, only.length);
      const out = new Uint8Array(length);
      await Promise.all(segments.map(async (seg) => out.set(await readPart(seg.fileIndex, seg.fileOffset, seg.length), seg.bufferOffset)));
      return out;
    };
    /** Reads started ahead, by `offset:length`, oldest first. */
    const ahead = new Map<string, Promise<Uint8Array>>();
    let nextOffset = -1;
    return {
      async read(offset, length) {
        if (closed) throw new StorageError('STORAGE_CLOSED', 'storage is closed');
        const key = `${offset}:${length}`;
        const early = ahead.get(key);
        ahead.delete(key);
        const result = early ?? readRange(offset, length);
        // Only a reader going in order (this range starts where the last one ended) gets ranges
        // read ahead of it: a random one would waste the reads.
        if (offset === nextOffset) {
          for (let k = 1; k <= READ_AHEAD; k++) {
            const at = offset + k * length;
            const n = Math.min(length, total - at);
            if (n <= 0 || ahead.has(`${at}:${n}`)) continue;
            const p = readRange(at, n);
            p.catch(() => undefined); // reported to the reader that takes it
            ahead.set(`${at}:${n}`, p);
          }
          while (ahead.size > READ_AHEAD) ahead.delete(ahead.keys().next().value!);
        }
        nextOffset = offset + length;
        return result;
      },
      async write() {
        throw new StorageError('STORAGE_READ_ONLY', 'shared files are read-only');
      },
      async flush() {},
      async close() {
        closed = true;
        ahead.clear();
        reader?.close();
      },
    };
  };
}
