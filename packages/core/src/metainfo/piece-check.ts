/**
 * @module metainfo/piece-check — what a piece must hash to, for verifying downloaded or existing
 * data: v1 SHA-1 over the piece's byte-space bytes (pads as zeros, BEP 3/47); v2 SHA-256 merkle
 * root over the piece's bytes of its one file (BEP 52) — a piece-layer entry, or for a file of a
 * single piece its pieces root (a tree over its own blocks, not padded to the piece size).
 */
import { bytesEqual, bytesToHex } from '../bencode/bytes.js';
import { MERKLE_BLOCK_SIZE, type Hasher } from '../hash/hasher.js';
import { MetainfoError } from './errors.js';
import type { Metainfo, MetainfoFile } from './types.js';

/** The expected hashes of one piece. */
export interface PieceCheck {
  readonly index: number;
  /** Byte-space offset of the piece. */
  readonly offset: number;
  /** Bytes to read at `offset`: the v1 piece (pads included), or for pure v2 the file's bytes. */
  readonly length: number;
  /** Expected SHA-1 (v1/hybrid), else null. */
  readonly sha1: Uint8Array | null;
  /**
   * Expected v2 merkle root of the first `v2Length` bytes, or null (pure v1, or a piece layer not
   * known yet — e.g. after a magnet, before BEP 52 hash requests).
   */
  readonly sha256: Uint8Array | null;
  /** How many bytes (from `offset`) belong to the piece's file: the v2-hashed bytes. */
  readonly v2Length: number;
  /** `minLeaves` for Hasher.merkleRoot: leaves per piece for layer entries, 1 for a pieces root. */
  readonly minLeaves: number;
}

/** Files that hold v2-hashed data, with their piece ranges, for piece → file lookup. */
function v2Files(meta: Metainfo): { file: MetainfoFile; first: number; count: number }[] {
  return meta.files
    .filter((f) => !f.pad && f.length > 0)
    .map((file) => ({ file, first: Math.floor(file.offset / meta.pieceLength), count: Math.ceil(file.length / meta.pieceLength) }));
}

const rangeCache = new WeakMap<Metainfo, ReturnType<typeof v2Files>>();

/**
 * The expected hashes of piece `index`.
 * @throws MetainfoError `METAINFO_INVALID_FIELD` when `index` is out of range.
 */
export function pieceCheck(meta: Metainfo, index: number): PieceCheck {
  const pl = meta.pieceLength;
  if (!Number.isInteger(index) || index < 0 || index >= meta.pieceCount) {
    throw new MetainfoError('METAINFO_INVALID_FIELD', `piece ${index} out of range 0..${meta.pieceCount - 1}`);
  }
  const sha1 = meta.pieces ? meta.pieces.subarray(index * 20, index * 20 + 20) : null;
  let sha256: Uint8Array | null = null;
  let offset = index * pl;
  let v2Length = 0;
  let minLeaves = pl / MERKLE_BLOCK_SIZE;
  if (meta.version !== 'v1') {
    let ranges = rangeCache.get(meta);
    if (!ranges) rangeCache.set(meta, (ranges = v2Files(meta)));
    // Binary search: the file whose piece range holds `index` (v2 files start at piece boundaries).
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid]!.first <= index) lo = mid;
      else hi = mid - 1;
    }
    const { file, first, count } = ranges[lo]!;
    const inFile = index - first;
    offset = file.offset + inFile * pl;
    v2Length = Math.min(pl, file.length - inFile * pl);
    if (count === 1) {
      sha256 = file.piecesRoot;
      minLeaves = 1;
    } else {
      const layer = file.piecesRoot ? meta.pieceLayers.get(bytesToHex(file.piecesRoot)) : undefined;
      sha256 = layer ? layer.subarray(inFile * 32, inFile * 32 + 32) : null;
    }
  }
  const length = meta.version === 'v2' ? v2Length : Math.min(pl, meta.spaceLength - offset);
  return { index, offset, length, sha1, sha256, v2Length, minLeaves };
}

/**
 * Checks `data` (the {@link PieceCheck.length} bytes at the piece's offset) against every hash
 * known for piece `index`. Returns null when no hash is known yet (v2 layer not received).
 */
export function verifyPiece(meta: Metainfo, index: number, data: Uint8Array, hasher: Pick<Hasher, 'sha1' | 'merkleRoot'>): boolean | null {
  const check = pieceCheck(meta, index);
  if (data.length !== check.length) return false;
  if (check.sha1 === null && check.sha256 === null) return null;
  if (check.sha1 !== null && !bytesEqual(hasher.sha1(data), check.sha1)) return false;
  if (check.sha256 !== null && !bytesEqual(hasher.merkleRoot(data.subarray(0, check.v2Length), check.minLeaves), check.sha256)) return false;
  return true;
}
