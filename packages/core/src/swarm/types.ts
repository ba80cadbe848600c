/** @module swarm/types — what the swarm engine needs to know about a torrent, and its events. */
import type { StorageFile } from '../storage/storage.js';

/**
 * The torrent as the swarm sees it, independent of how it was parsed. Built from parsed
 * metainfo by {@link torrentFromMetainfo}-style adapters, or directly in tests.
 */
export interface SwarmTorrent {
  readonly name: string;
  /** BEP 3 SHA-1 info-hash (20 bytes), absent for pure v2. */
  readonly infoHashV1?: Uint8Array;
  /** BEP 52 SHA-256 info-hash (32 bytes), absent for pure v1. */
  readonly infoHashV2?: Uint8Array;
  readonly pieceLength: number;
  readonly pieceCount: number;
  /** Byte size of the torrent's byte space (end of the last file, pad files included). */
  readonly length: number;
  /**
   * Files placed in the byte space (v2: each at a piece boundary; v1/hybrid: pads marked), with
   * their BEP 52 `pieces root` when known (needed to fetch piece layers for v2 magnets).
   */
  readonly files: readonly (StorageFile & { readonly piecesRoot?: Uint8Array | null })[];
  /** v1 piece hashes: 20 bytes per piece (BEP 3 `pieces`). */
  readonly piecesV1?: Uint8Array;
  /**
   * v2 expected hash per piece (BEP 52): the piece-layer entry for pieces of files larger than
   * one piece, the file's `pieces root` for single-piece files. Null for pad/empty ranges.
   */
  readonly piecesV2?: readonly (Uint8Array | null)[];
  /** The raw bencoded info dict, served over ut_metadata (BEP 9). */
  readonly infoBytes: Uint8Array;
}

/** Time source and timers, injectable so tests can drive the engine deterministically. */
export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock (global timers). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Snapshot of a swarm's transfer state, emitted as `progress`. */
export interface SwarmStats {
  /** Payload bytes received from peers in this session (verified or not). */
  downloaded: number;
  /** Payload bytes sent to peers in this session. */
  uploaded: number;
  /** Bytes of verified pieces we hold (including data found on disk at start). */
  verified: number;
  /** Bytes of data found valid on disk when the swarm started (resume). */
  resumed: number;
  /** Total bytes to download (torrent length without pad files). */
  length: number;
  /**
   * Bytes of the pieces the file selection needs (= `length` when every file is selected; a
   * piece shared with a skipped file counts whole), and how many of them are verified.
   */
  wanted: number;
  wantedVerified: number;
  /** Bytes per second, smoothed. */
  downloadRate: number;
  uploadRate: number;
  /** Connected peers (handshake done). */
  peers: number;
  piecesDone: number;
  pieceCount: number;
}

/** Events a swarm emits. */
export interface SwarmEvents {
  [event: string]: unknown;
  /** Metadata is known (immediately for .torrent, after ut_metadata for magnets). */
  metadata: SwarmTorrent;
  /** Resume check finished: how many pieces were already valid on disk. */
  checked: { piecesValid: number; bytesValid: number };
  progress: SwarmStats;
  piece: { index: number };
  /** Every selected piece is verified and flushed (every piece, unless files were skipped). */
  done: SwarmStats;
  peer: { address: string; peerId: string; client?: string; direction: 'in' | 'out'; transport: string };
  'peer-closed': { address: string; reason?: string };
  /** A peer sent data that failed verification and was dropped (address, peer id, reason). */
  'peer-banned': { address: string; peerId: string; reason: string };
  /** A non-fatal problem (a tracker failed, a dial failed). */
  warning: { message: string; cause?: unknown };
  /** A fatal error: the swarm stops. */
  error: Error;
}
