/**
 * @module swarm/piece-layout — sizes of pieces and blocks in a torrent's byte space.
 *
 * v1 and hybrid torrents (BEP 3, BEP 47 pad files) have pieces of `pieceLength` bytes back to
 * back, the last one short. Pure v2 torrents (BEP 52) start each file at a piece boundary, so
 * the last piece of every file may be short and v2 verification needs to know whether a piece
 * belongs to a file of one piece (hashed to the file's `pieces root`) or of several (hashed
 * to a piece-layer entry padded to the full piece width).
 */
import { SwarmError } from './errors.js';
import type { SwarmTorrent } from './types.js';

/** BEP 3 convention: requests are 16 KiB blocks. */
export const BLOCK_SIZE = 16384;

/** Byte geometry of a torrent's pieces. */
export interface PieceLayout {
  readonly pieceCount: number;
  readonly pieceLength: number;
  /** Bytes in piece `index`. */
  size(index: number): number;
  /** Byte offset of piece `index` in the byte space. */
  offset(index: number): number;
  /** Number of 16 KiB blocks in piece `index`. */
  blocks(index: number): number;
  /** Bytes in block `block` of piece `index`. */
  blockSize(index: number, block: number): number;
  /**
   * Bytes of piece `index` as peers may address them on the wire. Equal to {@link size} except in
   * pure v2 torrents, where libtorrent treats every file as padded to a piece boundary and may
   * request blocks past a file's end; those bytes read as zeros (BEP 47 padding semantics).
   */
  wireSize(index: number): number;
  /** Byte-space length as the wire sees it (for the frame decoder's geometry checks). */
  readonly wireLength: number;
  /** True when the piece lies in a file longer than one piece (v2 piece-layer hash). */
  inMultiPieceFile(index: number): boolean;
  /** Sum of all piece sizes: the bytes a downloader must fetch. */
  readonly totalBytes: number;
}

/** Build the layout of a torrent; throws `SWARM_BAD_TORRENT` when pieces and files disagree. */
export function createPieceLayout(t: SwarmTorrent): PieceLayout {
  const { pieceLength, pieceCount } = t;
  if (pieceLength <= 0 || pieceLength % BLOCK_SIZE !== 0 && pieceCount > 1) {
    throw new SwarmError('SWARM_BAD_TORRENT', `piece length ${pieceLength} is not a multiple of 16 KiB`);
  }
  const sizes = new Uint32Array(pieceCount);
  const multi = new Uint8Array(pieceCount);
  const pureV2 = !t.piecesV1 && !!t.piecesV2;
  if (pureV2) {
    for (const f of t.files) {
      if (f.pad || f.length === 0) continue;
      const first = Math.floor(f.offset / pieceLength);
      const n = Math.ceil(f.length / pieceLength);
      for (let k = 0; k < n; k++) {
        const i = first + k;
        if (i >= pieceCount) throw new SwarmError('SWARM_BAD_TORRENT', `file ${f.path.join('/')} extends past the last piece`);
        sizes[i] = Math.min(pieceLength, f.length - k * pieceLength);
        multi[i] = n > 1 ? 1 : 0;
      }
    }
  } else {
    const expected = Math.ceil(t.length / pieceLength);
    if (expected !== pieceCount) {
      throw new SwarmError('SWARM_BAD_TORRENT', `length ${t.length} needs ${expected} pieces, torrent has ${pieceCount}`);
    }
    for (let i = 0; i < pieceCount; i++) {
      sizes[i] = Math.min(pieceLength, t.length - i * pieceLength);
      multi[i] = 1;
    }
  }
  let totalBytes = 0;
  for (const s of sizes) totalBytes += s;
  return {
    pieceCount,
    pieceLength,
    totalBytes,
    size: (i) => sizes[i]!,
    offset: (i) => i * pieceLength,
    wireSize: (i) => (pureV2 ? pieceLength : sizes[i]!),
    wireLength: pureV2 ? pieceCount * pieceLength : t.length,
    blocks: (i) => Math.ceil(sizes[i]! / BLOCK_SIZE),
    blockSize: (i, b) => Math.min(BLOCK_SIZE, sizes[i]! - b * BLOCK_SIZE),
    inMultiPieceFile: (i) => multi[i] === 1,
  };
}
