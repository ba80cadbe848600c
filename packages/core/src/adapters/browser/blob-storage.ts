/**
 * @module adapters/browser/blob-storage — read-only Storage over the user's picked files
 * (`File`/`Blob`), for seeding from a tab: each read is a `slice().arrayBuffer()` of the ranges
 * asked for, so no file is ever loaded whole. Writes are refused (`STORAGE_READ_ONLY`).
 */
import type { Storage, StorageFactory, StorageFile } from '../../storage/storage.js';
import { createFileLayout } from '../../storage/file-layout.js';
import { StorageError } from '../../storage/errors.js';

/** A picked file and its path in the torrent (as in the torrent's file list). */
export interface BlobSource {
  readonly path: readonly string[];
  readonly blob: Blob;
}

/**
 * Storage over `sources`, matched to the torrent's non-pad files by path. Throws
 * `STORAGE_NOT_FOUND` for a torrent file with no source and `STORAGE_BAD_LAYOUT` for a size
 * that differs.
 */
export function createBlobStorage(sources: readonly BlobSource[]): StorageFactory {
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
    return {
      async read(offset, length) {
        if (closed) throw new StorageError('STORAGE_CLOSED', 'storage is closed');
        const out = new Uint8Array(length);
        await Promise.all(
          layout.segments(offset, length).map(async (seg) => {
            const blob = byIndex.get(seg.fileIndex)!;
            try {
              const part = await blob.slice(seg.fileOffset, seg.fileOffset + seg.length).arrayBuffer();
              out.set(new Uint8Array(part), seg.bufferOffset);
            } catch (cause) {
              throw new StorageError('STORAGE_IO', `cannot read ${files[seg.fileIndex]!.path.join('/')} (changed or removed?)`, { cause });
            }
          }),
        );
        return out;
      },
      async write() {
        throw new StorageError('STORAGE_READ_ONLY', 'shared files are read-only');
      },
      async flush() {},
      async close() {
        closed = true;
      },
    };
  };
}
