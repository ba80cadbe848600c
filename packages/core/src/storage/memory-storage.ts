/**
 * @module storage/memory-storage — Storage kept in memory, for deterministic swarm tests and for
 * browsers without OPFS. Sparse: memory is allocated per 64 KiB chunk on first write, so a large
 * torrent of which little is written stays small; unwritten bytes read as zeros.
 */
import type { Storage, StorageFactory, StorageFile } from './storage.js';
import { createFileLayout } from './file-layout.js';
import { StorageError } from './errors.js';

const CHUNK = 65536;

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions {
  /** Refuse writes once this many bytes are allocated (`STORAGE_NO_SPACE`); default unlimited. */
  readonly maxBytes?: number;
}

/**
 * Returns a StorageFactory whose storages keep data in memory. Each call of the factory creates
 * an independent, empty storage. Pads and gaps between files are never stored (BEP 47).
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): StorageFactory {
  return async (files: readonly StorageFile[]): Promise<Storage> => memoryStorage(files, options.maxBytes ?? Infinity);
}

function memoryStorage(files: readonly StorageFile[], maxBytes: number): Storage {
  const layout = createFileLayout(files);
  // One sparse chunk map per file, keyed by chunk index within the file.
  const chunks = files.map(() => new Map<number, Uint8Array>());
  let allocated = 0;
  let closed = false;
  const check = (): void => {
    if (closed) throw new StorageError('STORAGE_CLOSED', 'storage is closed');
  };

  /**
   * Calls `visit` for each piece of the range [offset, offset + length) that lies within one
   * stored chunk of one file: the file's chunk map, the chunk key, the offset inside the chunk,
   * the offset inside the caller's buffer and the piece's length. Pads and gaps are skipped.
   */
  const forEachChunk = (
    offset: number,
    length: number,
    visit: (map: Map<number, Uint8Array>, key: number, inChunk: number, bufferOffset: number, n: number) => void,
  ): void => {
    for (const seg of layout.segments(offset, length)) {
      const map = chunks[seg.fileIndex]!;
      let done = 0;
      while (done < seg.length) {
        const pos = seg.fileOffset + done;
        const inChunk = pos % CHUNK;
        const n = Math.min(CHUNK - inChunk, seg.length - done);
        visit(map, Math.floor(pos / CHUNK), inChunk, seg.bufferOffset + done, n);
        done += n;
      }
    }
  };

  /** Copies stored bytes at `offset` into `out`; unwritten bytes read as zeros (`out` may be reused). */
  const readInto = (offset: number, out: Uint8Array): void => {
    check();
    out.fill(0);
    forEachChunk(offset, out.length, (map, key, inChunk, at, n) => {
      const chunk = map.get(key);
      if (chunk) out.set(chunk.subarray(inChunk, inChunk + n), at);
    });
  };

  return {
    async read(offset, length) {
      const out = new Uint8Array(length);
      readInto(offset, out);
      return out;
    },
    async readInto(offset, out) {
      readInto(offset, out);
    },
    async write(offset, data) {
      check();
      forEachChunk(offset, data.length, (map, key, inChunk, at, n) => {
        let chunk = map.get(key);
        if (!chunk) {
          if (allocated + CHUNK > maxBytes) throw new StorageError('STORAGE_NO_SPACE', 'memory storage is full');
          chunk = new Uint8Array(CHUNK);
          map.set(key, chunk);
          allocated += CHUNK;
        }
        chunk.set(data.subarray(at, at + n), inChunk);
      });
    },
    async flush() {
      check();
    },
    async close() {
      closed = true;
      for (const m of chunks) m.clear();
    },
  };
}
