/**
 * @module picker/piece-geometry — piece and block sizes as the picker sees them: checked once
 * from the options, then each piece's size, its block count, a block's numeric key and the
 * request for a block. Blocks are `blockSize` (16 KiB by default, BEP 3 practice); the last
 * block of a piece, and the last piece of a v1 torrent, may be shorter. v2 torrents give
 * `pieceSize` (pieces end at file boundaries, BEP 52).
 */
import { PickerError } from './errors.js';
import { BLOCK_SIZE, type BlockRequest, type PiecePickerOptions } from './types.js';

/** Sizes of one torrent's pieces and blocks. */
export interface PieceGeometry {
  readonly pieceCount: number;
  readonly pieceLength: number;
  readonly blockSize: number;
  /** Blocks of a full piece; a block's key is `piece * perPiece + block`. */
  readonly perPiece: number;
  /** Bytes of piece `i`. */
  readonly sizeOf: (i: number) => number;
  /** Blocks of piece `i`. */
  readonly blocksOf: (i: number) => number;
  /** The request for block `b` of `piece`: its offset and length (the last one may be short). */
  readonly blockRequest: (piece: number, b: number) => BlockRequest;
}

/** Checks the options' geometry; throws PICKER_BAD_OPTIONS when it does not add up. */
export function pieceGeometry(options: PiecePickerOptions): PieceGeometry {
  const n = options.pieceCount;
  const pieceLength = options.pieceLength;
  const blockSize = options.blockSize ?? BLOCK_SIZE;
  if (!Number.isSafeInteger(n) || n < 0 || !(pieceLength > 0) || !(blockSize > 0)) {
    throw new PickerError('PICKER_BAD_OPTIONS', 'pieceCount, pieceLength and blockSize must be positive integers');
  }
  const total = options.totalLength ?? n * pieceLength;
  const lastSize = n === 0 ? 0 : total - (n - 1) * pieceLength;
  if (!options.pieceSize && n > 0 && (lastSize <= 0 || lastSize > pieceLength)) {
    throw new PickerError('PICKER_BAD_OPTIONS', `totalLength ${total} does not fit ${n} pieces of ${pieceLength}`);
  }
  const sizeOf = options.pieceSize ?? ((i: number) => (i === n - 1 ? lastSize : pieceLength));
  return {
    pieceCount: n,
    pieceLength,
    blockSize,
    perPiece: Math.ceil(pieceLength / blockSize),
    sizeOf,
    blocksOf: (i) => Math.ceil(sizeOf(i) / blockSize),
    blockRequest: (piece, b) => {
      const offset = b * blockSize;
      return { piece, offset, length: Math.min(blockSize, sizeOf(piece) - offset) };
    },
  };
}
