/** @module metainfo/parse-v2 — the v2 half of an info dict (BEP 52 `file tree`, `meta version`). */
import type { BencodeDict } from '../bencode/types.js';
import { MetainfoError } from './errors.js';
import { getDict } from './fields.js';
import { assertSafePath } from './sanitize-path.js';
import type { MetainfoFile } from './types.js';
import { isPowerOfTwo, MIN_V2_PIECE_LENGTH, readFileTree } from './v2-tree.js';

/** The v2 view of an info dict. */
export interface V2Info {
  readonly singleFile: boolean;
  /** Files in tree order, each starting at a piece boundary (BEP 52), no pad files. */
  readonly files: MetainfoFile[];
  readonly spaceLength: number;
  readonly pieceCount: number;
}

/**
 * Reads the v2 `file tree`. A tree with a single root entry that is a file named like the
 * torrent is a single-file torrent (path `[name]`); otherwise paths are `[name, ...treePath]`.
 * @throws MetainfoError on bad piece length, bad tree, unsafe paths or sizes beyond 2^53.
 */
export function parseV2(info: BencodeDict, name: string, pieceLength: number): V2Info {
  if (!isPowerOfTwo(pieceLength) || pieceLength < MIN_V2_PIECE_LENGTH) {
    throw new MetainfoError('METAINFO_INVALID_PIECE_LENGTH', `v2 piece length ${pieceLength} is not a power of two ≥ 16 KiB`);
  }
  const treeFiles = readFileTree(getDict(info, 'file tree', 'info', true));
  const first = treeFiles[0];
  const singleFile = treeFiles.length === 1 && first !== undefined && first.path.length === 1 && first.path[0] === name;
  const files: MetainfoFile[] = [];
  let offset = 0;
  let pieceCount = 0;
  let spaceLength = 0;
  for (const file of treeFiles) {
    const path = singleFile ? [name] : [name, ...file.path];
    assertSafePath(path);
    // BEP 52: every file starts at a piece boundary; empty files take no space.
    files.push({ path, length: file.length, offset, pad: false, attr: '', piecesRoot: file.piecesRoot });
    const pieces = Math.ceil(file.length / pieceLength);
    pieceCount += pieces;
    if (file.length > 0) spaceLength = offset + file.length;
    offset += pieces * pieceLength;
    if (!Number.isSafeInteger(offset)) throw new MetainfoError('METAINFO_TOO_LARGE', 'total size exceeds 2^53');
  }
  if (pieceCount === 0) throw new MetainfoError('METAINFO_EMPTY', 'torrent has no data');
  return { singleFile, files, spaceLength, pieceCount };
}
