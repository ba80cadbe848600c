/** @module metainfo/parse-v1 — the v1 half of an info dict (BEP 3 files/length/pieces, BEP 47 attrs). */
import { utf8Text } from '../bencode/bytes.js';
import type { BencodeDict } from '../bencode/types.js';
import { MetainfoError } from './errors.js';
import { getBytes, getList, getSize, getText, isDict } from './fields.js';
import { assertSafePath } from './sanitize-path.js';
import type { MetainfoFile } from './types.js';

/** SHA-1 digest size: each v1 piece hash. */
export const V1_HASH_LENGTH = 20;
/** Largest piece length accepted (1 GiB); nothing real comes close. */
export const MAX_PIECE_LENGTH = 2 ** 30;

/** The v1 view of an info dict. */
export interface V1Info {
  readonly singleFile: boolean;
  readonly files: MetainfoFile[];
  readonly spaceLength: number;
  readonly pieceCount: number;
  readonly pieces: Uint8Array;
}

/** Reads and validates a piece length (any positive size for v1, BEP 3). */
export function readPieceLength(info: BencodeDict): number {
  const pieceLength = getSize(info, 'piece length', 'info', true);
  if (pieceLength === 0 || pieceLength > MAX_PIECE_LENGTH) {
    throw new MetainfoError('METAINFO_INVALID_PIECE_LENGTH', `piece length ${pieceLength} out of range`);
  }
  return pieceLength;
}

function readPath(entry: BencodeDict): string[] {
  // Prefer `path.utf-8` (written by some creators when `path` is in a legacy encoding).
  const list = (entry.get('path.utf-8') !== undefined ? getList(entry, 'path.utf-8', 'file') : undefined) ?? getList(entry, 'path', 'file', true);
  return list.map((component) => {
    if (!(component instanceof Uint8Array)) throw new MetainfoError('METAINFO_INVALID_FIELD', 'file path component is not a byte string');
    return utf8Text(component);
  });
}

function addLength(total: number, length: number): number {
  const sum = total + length;
  if (!Number.isSafeInteger(sum)) throw new MetainfoError('METAINFO_TOO_LARGE', 'total size exceeds 2^53');
  return sum;
}

/**
 * Reads the v1 file list (back to back in the byte space, pad files included) and `pieces`.
 * @throws MetainfoError on missing/invalid fields, unsafe paths or a wrong piece count.
 */
export function parseV1(info: BencodeDict, name: string, pieceLength: number): V1Info {
  const lengthField = getSize(info, 'length', 'info');
  const filesField = getList(info, 'files', 'info');
  if ((lengthField === undefined) === (filesField === undefined)) {
    throw new MetainfoError('METAINFO_INVALID_FIELD', 'info must have exactly one of "length" and "files"');
  }
  const files: MetainfoFile[] = [];
  let offset = 0;
  if (lengthField !== undefined) {
    files.push({ path: [name], length: lengthField, offset: 0, pad: false, attr: '', piecesRoot: null });
    offset = lengthField;
  } else {
    if (filesField!.length === 0) throw new MetainfoError('METAINFO_EMPTY', 'info "files" is empty');
    for (const entry of filesField!) {
      if (!isDict(entry)) throw new MetainfoError('METAINFO_INVALID_FIELD', 'a "files" entry is not a dict');
      const length = getSize(entry, 'length', 'file', true);
      const attr = getText(entry, 'attr', 'file') ?? '';
      const path = [name, ...readPath(entry)];
      assertSafePath(path);
      files.push({ path, length, offset, pad: attr.includes('p'), attr, piecesRoot: null });
      offset = addLength(offset, length);
    }
  }
  if (offset === 0) throw new MetainfoError('METAINFO_EMPTY', 'torrent has no data');
  const pieces = getBytes(info, 'pieces', 'info', true);
  if (pieces.length % V1_HASH_LENGTH !== 0) {
    throw new MetainfoError('METAINFO_INVALID_PIECES', `"pieces" length ${pieces.length} is not a multiple of 20`);
  }
  const pieceCount = Math.ceil(offset / pieceLength);
  if (pieces.length / V1_HASH_LENGTH !== pieceCount) {
    throw new MetainfoError('METAINFO_INVALID_PIECES', `"pieces" holds ${pieces.length / V1_HASH_LENGTH} hashes, expected ${pieceCount}`);
  }
  return { singleFile: lengthField !== undefined, files, spaceLength: offset, pieceCount, pieces: pieces.slice() };
}
