/**
 * @module metainfo/file-layout — plans where created files go: name, order, piece length and
 * byte-space offsets for v1 (back to back), v2 (each file at a piece boundary, BEP 52) and
 * hybrid (v1 with BEP 47 pad files so every file starts at a piece boundary).
 */
import { utf8Bytes } from '../bencode/bytes.js';
import { MetainfoError } from './errors.js';
import { assertSafePath, assertUniquePaths } from './sanitize-path.js';
import type { TorrentVersion } from './types.js';
import { isPowerOfTwo, MIN_V2_PIECE_LENGTH } from './v2-tree.js';

/** A file to put in a torrent: its path, size, and positional reads (streamed, never whole). */
export interface SourceFile {
  /** Path components relative to the torrent root (or the file name for a single file). */
  readonly path: readonly string[];
  readonly length: number;
  /** Reads exactly `length` bytes at `offset` of this file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source file placed in the byte space. */
export interface PlannedFile {
  readonly source: SourceFile;
  /** Path inside the torrent (relative to `name` for multi-file; `[]` for single-file). */
  readonly path: readonly string[];
  readonly length: number;
  readonly offset: number;
  /** BEP 47 pad bytes that follow this file (hybrid only). */
  readonly padAfter: number;
}

/** The complete layout of a torrent to create. */
export interface LayoutPlan {
  readonly name: string;
  readonly singleFile: boolean;
  readonly pieceLength: number;
  readonly files: readonly PlannedFile[];
  /** Byte-space size (pads included). */
  readonly spaceLength: number;
}

/** Layout choices, a subset of the createTorrent options. */
export interface LayoutOptions {
  readonly version: TorrentVersion;
  readonly name?: string;
  readonly pieceLength?: number;
  /** Force the multi-file (`files`) form even for one file. */
  readonly multiFile?: boolean;
  /** Hybrid: pad the last file too (libtorrent ≥ 2.0.4 and BEP 52's reference creator do). */
  readonly padLastFile?: boolean;
}

/** Smallest automatic piece length (one v2 merkle block). */
export const MIN_AUTO_PIECE_LENGTH = 16 * 1024;
/** Largest automatic piece length. */
export const MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
/** Automatic piece length aims at about this many pieces. */
const TARGET_PIECES = 1500;

/** Piece length for `total` bytes: ~total/1500 rounded up to a power of two, 16 KiB..16 MiB. */
export function autoPieceLength(total: number): number {
  let length = MIN_AUTO_PIECE_LENGTH;
  while (length < total / TARGET_PIECES && length < MAX_AUTO_PIECE_LENGTH) length *= 2;
  return length;
}

/** Raw-byte order of paths, component by component: the order of a v2 `file tree`. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = utf8Bytes(a[i]!);
    const y = utf8Bytes(b[i]!);
    for (let j = 0; j < Math.min(x.length, y.length); j++) if (x[j] !== y[j]) return x[j]! - y[j]!;
    if (x.length !== y.length) return x.length - y.length;
  }
  return a.length - b.length;
}

function invalid(message: string): never {
  throw new MetainfoError('METAINFO_INVALID_SOURCE', message);
}

function nameAndPaths(files: readonly SourceFile[], options: LayoutOptions): { name: string; singleFile: boolean; paths: string[][] } {
  const only = files[0]!;
  const singleFile = options.multiFile !== true && files.length === 1 && only.path.length === 1;
  if (singleFile) return { name: options.name ?? only.path[0]!, singleFile, paths: [[]] };
  if (options.name !== undefined) return { name: options.name, singleFile, paths: files.map((f) => [...f.path]) };
  // No name: a common first directory becomes the name (files given relative to its parent).
  const first = only.path[0]!;
  if (files.every((f) => f.path.length >= 2 && f.path[0] === first)) {
    return { name: first, singleFile, paths: files.map((f) => f.path.slice(1)) };
  }
  return invalid('a multi-file torrent needs a name (options.name or a common first directory)');
}

/**
 * Validates the source files and plans the torrent layout. Files are sorted in raw-byte path
 * order (required for v2/hybrid, where v1 `files` must follow the `file tree`; used for v1 too so
 * every version of the same data lists files alike).
 * @throws MetainfoError `METAINFO_INVALID_SOURCE`, `METAINFO_UNSAFE_PATH`,
 *   `METAINFO_DUPLICATE_PATH`, `METAINFO_INVALID_PIECE_LENGTH`, `METAINFO_EMPTY`, `METAINFO_TOO_LARGE`.
 */
export function planLayout(files: readonly SourceFile[], options: LayoutOptions): LayoutPlan {
  if (files.length === 0) invalid('no files to put in the torrent');
  let total = 0;
  for (const f of files) {
    if (!Number.isSafeInteger(f.length) || f.length < 0) invalid(`bad length ${f.length} for "${f.path.join('/')}"`);
    assertSafePath(f.path);
    total += f.length;
  }
  if (!Number.isSafeInteger(total)) throw new MetainfoError('METAINFO_TOO_LARGE', 'total size exceeds 2^53');
  if (total === 0) throw new MetainfoError('METAINFO_EMPTY', 'the files hold no data');
  const { name, singleFile, paths } = nameAndPaths(files, options);
  assertSafePath([name]);
  const entries = files.map((source, i) => ({ source, path: paths[i]! }));
  entries.forEach((e) => !singleFile && e.path.length === 0 && invalid('a file path is empty'));
  assertUniquePaths(entries.map((e) => ({ path: [name, ...e.path] })));
  entries.sort((a, b) => comparePaths(a.path, b.path));

  const pieceLength = options.pieceLength ?? autoPieceLength(total);
  if (!isPowerOfTwo(pieceLength) || pieceLength < MIN_V2_PIECE_LENGTH || pieceLength > 2 ** 30) {
    throw new MetainfoError('METAINFO_INVALID_PIECE_LENGTH', `piece length ${pieceLength} is not a power of two from 16 KiB to 1 GiB`);
  }
  const planned: PlannedFile[] = [];
  let offset = 0;
  let spaceLength = 0;
  entries.forEach((e, i) => {
    const length = e.source.length;
    const remainder = length % pieceLength;
    const last = i === entries.length - 1;
    let padAfter = 0;
    if (options.version === 'hybrid' && !singleFile && remainder !== 0 && (!last || options.padLastFile !== false)) padAfter = pieceLength - remainder;
    planned.push({ source: e.source, path: e.path, length, offset, padAfter });
    if (options.version === 'v2') {
      // Pure v2 has no pad files, but each file still starts at a piece boundary.
      if (length > 0) spaceLength = offset + length;
      offset += Math.ceil(length / pieceLength) * pieceLength;
    } else {
      offset += length + padAfter;
      spaceLength = offset;
    }
  });
  return { name, singleFile, pieceLength, files: planned, spaceLength };
}
