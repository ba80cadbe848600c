/** @module picker/types — the piece picker's interface and the plain data it takes and returns. */
import type { AvailabilityCounts } from './availability.js';

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

/** Options of `createPiecePicker`. */
export interface PiecePickerOptions {
  readonly pieceCount: number;
  readonly pieceLength: number;
  /** Torrent length; the last piece is the remainder (default: every piece is full). */
  readonly totalLength?: number;
  /** Length of piece `i`, overriding the above (pure v2: each file's last piece is short, BEP 52). */
  readonly pieceSize?: (index: number) => number;
  /** Block size (default 16 KiB, BEP 3). */
  readonly blockSize?: number;
  /** Pick random pieces until this many are complete (default 4). */
  readonly randomFirstPieces?: number;
  /** Random source in [0, 1) (default Math.random); pass a seeded one in tests. */
  readonly random?: () => number;
  /** Pieces already verified (resume), BEP 3 bitfield bytes. */
  readonly have?: Uint8Array;
  /** Availability counts to use (e.g. the wasm `AvailabilityCounter`); default plain JS. */
  readonly availability?: AvailabilityCounts;
}

/** The piece picker of one torrent; `P` identifies a peer (any Map key). */
export interface PiecePicker<P> {
  readonly pieceCount: number;
  readonly availability: AvailabilityCounts;
  /** A peer's bitfield arrived (BEP 3); counts towards availability. */
  addPeer(bitfield: Uint8Array): void;
  /** A peer announced piece `index` (`have`). */
  peerHave(index: number): void;
  /** A peer left: its requests are released (and returned) and its bitfield uncounted. */
  removePeer(peer: P, bitfield?: Uint8Array): BlockRequest[];
  /** Drops every outstanding request of `peer` (e.g. it choked us); returns them. */
  releasePeer(peer: P): BlockRequest[];
  /** Up to `count` blocks to request from `peer`, which has the pieces set in `peerHas`. */
  nextRequests(peer: P, peerHas: Uint8Array, count: number): BlockRequest[];
  /** Forget one outstanding request (timeout, reject, cancel); true if it was outstanding. */
  cancelRequest(peer: P, block: { piece: number; offset: number }): boolean;
  /** A block arrived from `peer`. */
  blockReceived(peer: P, block: { piece: number; offset: number }): BlockReceipt<P>;
  /** The piece passed its hash check (or was found on disk): we have it. Returns requests to cancel. */
  pieceVerified(index: number): Array<PeerRequest<P>>;
  /** The piece failed its hash check: all its blocks are wanted again. Returns the peers that sent its blocks. */
  pieceFailed(index: number): P[];
  /** Priority of one piece: 0 skip, 1 normal, higher first (0..255). */
  setPiecePriority(index: number, priority: number): void;
  /** Per-file priorities (0 = unselected); pieces take the highest priority of their files. */
  setFilePriorities(files: readonly PickerFile[], priorities: readonly number[]): void;
  /** Streaming: prefer pieces in order starting at `cursor`; `null` returns to rarest-first. */
  setSequential(cursor: number | null): void;
  has(index: number): boolean;
  /** A copy of our bitfield (BEP 3 bytes). */
  haveBitfield(): Uint8Array;
  readonly haveCount: number;
  /** Every piece of nonzero priority is verified. */
  isComplete(): boolean;
  /** Every missing block of the wanted pieces is requested (duplicates are allowed now). */
  isEndgame(): boolean;
  /** Outstanding requests of `peer`. */
  outstanding(peer: P): number;
  /** Length of piece `index` and the number of its blocks. */
  pieceSize(index: number): number;
  blockCount(index: number): number;
}
