/**
 * @module adapters/node/fs-storage — Storage on the local file system (Node).
 *
 * - Positional I/O (`FileHandle.read/write` at offsets); reads and writes span files; nothing
 *   buffers a whole file.
 * - Files (and their parent folders) are created lazily on first write; zero-length files are
 *   created on `flush()`. Reads of data not written yet return zeros: files are sparse, and a
 *   missing file or a short file reads as zeros past its end.
 * - BEP 47 pad files are never created, written or read from disk.
 * - At most `maxOpenFiles` handles are open (LRU); dirty handles are synced before eviction.
 * - Every path stays inside `root`: unsafe components and symlinks leading out of the root are
 *   refused with `STORAGE_UNSAFE_PATH`, for reads as well (a seeder must not upload what a
 *   planted link points at).
 */
import { constants, type FileHandle, mkdir, open, realpath } from 'node:fs/promises';
import type { Storage, StorageFactory, StorageFile } from '../../storage/storage.js';
import { createFileLayout } from '../../storage/file-layout.js';
import { StorageError } from '../../storage/errors.js';
import { createHandlePool } from './handle-pool.js';
import { toStorageError } from './fs-errors.js';
import { joinInsideRoot, resolveInsideRoot } from './safe-path.js';
import { FileWriteQueue } from './write-queue.js';

/** Options of {@link createFileStorage}. */
export interface FileStorageOptions {
  /** Folder the torrent's paths are relative to (created when first written). */
  readonly root: string;
  /** Upper bound on simultaneously open file handles (default 64, minimum 1). */
  readonly maxOpenFiles?: number;
}

/** A StorageFactory writing the torrent's files under `root`. */
export function createFileStorage(options: FileStorageOptions): StorageFactory {
  return async (files) => fileStorage(files, options.root, options.maxOpenFiles ?? 64);
}

const READ_FLAGS = constants.O_RDONLY;
const WRITE_FLAGS = constants.O_RDWR | constants.O_CREAT;

async function fileStorage(files: readonly StorageFile[], root: string, maxOpen: number): Promise<Storage> {
  const layout = createFileLayout(files);
  // Lexical check up front, so a bad torrent is refused before any byte is written.
  const lexical = files.map((f) => (f.pad ? '' : joinInsideRoot(root, f.path)));
  const seen = new Set<string>();
  for (const p of lexical) {
    if (p && seen.has(p)) throw new StorageError('STORAGE_BAD_LAYOUT', `two files share the path ${p}`);
    seen.add(p);
  }
  let realRoot: string | undefined;
  const resolved = new Map<number, string>(); // file index → checked real path
  let closed = false;
  let emptyFilesMade = false;

  const getRealRoot = async (create: boolean): Promise<string | null> => {
    if (realRoot) return realRoot;
    try {
      if (create) await mkdir(root, { recursive: true });
      realRoot = await realpath(root);
      return realRoot;
    } catch (err) {
      if (!create && (err as { code?: string }).code === 'ENOENT') return null;
      throw toStorageError(err, root);
    }
  };

  /** The checked real path of file `i`, or null when it does not exist and `create` is false. */
  const pathOf = async (i: number, create: boolean): Promise<string | null> => {
    const known = resolved.get(i);
    if (known) return known;
    const base = await getRealRoot(create);
    if (!base) return null;
    let p: string | null;
    try {
      p = await resolveInsideRoot(base, files[i]!.path, create);
    } catch (err) {
      throw toStorageError(err, lexical[i]!);
    }
    if (p && create) resolved.set(i, p);
    return p;
  };

  const pool = createHandlePool(maxOpen, async (i, writable) => {
    const p = await pathOf(i, writable);
    if (!p) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    try {
      // `p` is a real path (links already resolved and checked), so O_NOFOLLOW only refuses a
      // link swapped in since the check (ELOOP → STORAGE_UNSAFE_PATH).
      return await open(p, (writable ? WRITE_FLAGS : READ_FLAGS) | constants.O_NOFOLLOW, 0o644);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT' && !writable) throw err;
      throw toStorageError(err, lexical[i]!, !writable);
    }
  });

  const writeQueues = new Map<number, FileWriteQueue>();

  const check = (): void => {
    if (closed) throw new StorageError('STORAGE_CLOSED', 'storage is closed');
  };

  const readInto = async (h: FileHandle, out: Uint8Array, at: number, length: number, pos: number): Promise<void> => {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await h.read(out, at + done, length - done, pos + done);
      if (bytesRead === 0) {
        out.fill(0, at + done, at + length); // past the end of a sparse/short file: zeros
        return;
      }
      done += bytesRead;
    }
  };

  const readSegments = async (offset: number, out: Uint8Array): Promise<void> => {
    check();
    const segs = layout.segments(offset, out.length);
    // Pads and gaps between files have no segment and read as zeros: clear a reused buffer.
    if (segs.reduce((n, seg) => n + seg.length, 0) < out.length) out.fill(0);
    for (const seg of segs) {
      try {
        await pool.use(seg.fileIndex, false, (h) => readInto(h, out, seg.bufferOffset, seg.length, seg.fileOffset));
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') {
          out.fill(0, seg.bufferOffset, seg.bufferOffset + seg.length); // not written yet: zeros
          continue;
        }
        throw toStorageError(err, lexical[seg.fileIndex]!, true);
      }
    }
  };

  return {
    async read(offset, length) {
      const out = new Uint8Array(length);
      await readSegments(offset, out);
      return out;
    },
    readInto: readSegments,
    async write(offset, data) {
      check();
      for (const seg of layout.segments(offset, data.length)) {
        try {
          // One write in flight per file; pieces that complete meanwhile are merged (write-queue.ts).
          let queue = writeQueues.get(seg.fileIndex);
          if (!queue) writeQueues.set(seg.fileIndex, (queue = new FileWriteQueue((fn) => pool.use(seg.fileIndex, true, fn))));
          await queue.write(seg.fileOffset, data.subarray(seg.bufferOffset, seg.bufferOffset + seg.length));
        } catch (err) {
          throw toStorageError(err, lexical[seg.fileIndex]!);
        }
      }
    },
    async flush() {
      check();
      if (!emptyFilesMade) {
        for (let i = 0; i < files.length; i++) {
          if (files[i]!.length !== 0 || files[i]!.pad) continue;
          await pool.use(i, true, async () => undefined).catch((err: unknown) => {
            throw toStorageError(err, lexical[i]!);
          });
        }
        emptyFilesMade = true;
      }
      try {
        await pool.sync();
      } catch (err) {
        throw toStorageError(err, root);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.closeAll();
    },
  };
}
