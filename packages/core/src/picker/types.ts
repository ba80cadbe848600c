/** @module picker/types — the plain data the piece picker takes and returns. */

/** BEP 3 block size: requests are 16 KiB (the last block of a piece may be shorter). */
export const BLOCK_SIZE = 16384;

/** One block to request with a BEP 3 `request` message (index, begin, length). */
export interface BlockRequest {
  readonly piece: number;
  /** Byte offset inside the piece (`begin`). */
  readonly offset: number;
  readonly length: number;
}

/** A request owned by a peer, e.g. one to `cancel` (BEP 3) after an endgame duplicate arrived. */
export interface PeerRequest<P> extends BlockRequest {
  readonly peer: P;
}

/** What the picker concluded about an arrived block. */
export interface BlockReceipt<P> {
  /** Store the data: the block was missing. False for duplicates and pieces we already have. */
  readonly accepted: boolean;
  /** The peer had an outstanding request for this block (false: unsolicited or already cancelled). */
  readonly requested: boolean;
  /** Every block of the piece is in: read it back and verify its hash, then call pieceVerified/pieceFailed. */
  readonly pieceComplete: boolean;
  /** Endgame: the same block is still requested from these peers; send them `cancel` (BEP 3). */
  readonly cancel: ReadonlyArray<PeerRequest<P>>;
}

/** A file's place in the torrent byte space, for per-file priorities. */
export interface PickerFile {
  readonly offset: number;
  readonly length: number;
  /** BEP 47 pad files never make a piece wanted. */
  readonly pad?: boolean;
}
