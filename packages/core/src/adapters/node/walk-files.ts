/**
 * @module adapters/node/walk-files — lists local files to make or seed a torrent from
 * (`seedling create` / `seedling seed`).
 *
 * Order: BitTorrent v2 (BEP 52) stores the file tree as bencoded dictionaries, whose keys are
 * sorted as raw byte strings, and hybrid torrents must list v1 files in that same order; so paths
 * are sorted component by component, comparing UTF-8 bytes (not locale, not UTF-16 units).
 *
 * Symlinks: a link to a file inside the root is listed under the link's name with the target's
 * content; links leading outside the root, dangling links and links to folders are skipped (the
 * last to rule out cycles and duplicate listings). Other non-regular entries (sockets, FIFOs,
 * devices) are skipped too.
 */
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isInside } from './safe-path.js';
import { toStorageError } from './fs-errors.js';
import { StorageError } from '../../storage/errors.js';

/** A local file found by {@link walkFiles}. */
export interface LocalFile {
  /** Path components relative to the walked folder; for a single file, `[its name]`. */
  readonly path: readonly string[];
  readonly length: number;
  /** Absolute path on disk (the link's target for an inside-root symlink). */
  readonly absolutePath: string;
  /**
   * Reads `length` bytes at `offset` (clamped to the walked length). Opens and closes a handle
   * per call. Throws `STORAGE_IO` if the file has shrunk since it was walked (a changed file
   * must not hash silently as something else).
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Options of {@link walkFiles}. */
export interface WalkFilesOptions {
  readonly signal?: AbortSignal;
}

const utf8 = new TextEncoder();

/** Compares two byte strings as unsigned bytes (bencode dictionary key order). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Compares paths component by component in UTF-8 byte order. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBytes(utf8.encode(a[i]!), utf8.encode(b[i]!));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function localFile(path: readonly string[], absolutePath: string, length: number): LocalFile {
  return {
    path,
    length,
    absolutePath,
    async read(offset, len) {
      const out = new Uint8Array(Math.max(0, Math.min(len, length - offset)));
      const h = await open(absolutePath, 'r').catch((e: unknown) => {
        throw toStorageError(e, absolutePath, true);
      });
      try {
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await h.read(out, done, out.length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        if (done < out.length) {
          throw new StorageError('STORAGE_IO', `${absolutePath} shrank while being read (${offset + done} < ${offset + out.length})`);
        }
        return out;
      } finally {
        await h.close();
      }
    },
  };
}

/**
 * Lists the regular files under `path` (or `path` itself when it is a file), sorted as
 * BitTorrent expects. Throws a StorageError (`STORAGE_IO` with the ENOENT cause, ...) when `path`
 * cannot be read.
 */
export async function walkFiles(path: string, options: WalkFilesOptions = {}): Promise<LocalFile[]> {
  let top;
  try {
    top = await stat(path);
  } catch (err) {
    throw toStorageError(err, path, true);
  }
  if (top.isFile()) return [localFile([basename(path)], path, top.size)];
  if (!top.isDirectory()) throw new StorageError('STORAGE_IO', `${path} is neither a file nor a folder`);
  const realRoot = await realpath(path);
  const out: LocalFile[] = [];

  const walk = async (dir: string, rel: readonly string[]): Promise<void> => {
    options.signal?.throwIfAborted();
    const entries = await readdir(dir).catch((e: unknown) => {
      throw toStorageError(e, dir, true);
    });
    for (const name of entries) {
      const abs = join(dir, name);
      const childRel = [...rel, name];
      const st = await lstat(abs).catch((e: unknown) => {
        throw toStorageError(e, abs, true);
      });
      if (st.isDirectory()) await walk(abs, childRel);
      else if (st.isFile()) out.push(localFile(childRel, abs, st.size));
      else if (st.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        if (!target || !isInside(realRoot, target)) continue;
        const tst = await stat(target).catch(() => null);
        if (tst?.isFile()) out.push(localFile(childRel, target, tst.size));
      }
    }
  };
  await walk(realRoot, []);
  out.sort((a, b) => comparePaths(a.path, b.path));
  return out;
}
