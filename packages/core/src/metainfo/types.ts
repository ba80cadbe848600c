/** @module metainfo/types — the parsed form of a torrent (BEP 3 v1, BEP 52 v2, hybrid). */
import type { StorageFile } from '../storage/storage.js';

/** Which hash trees a torrent carries: v1 (SHA-1 pieces), v2 (SHA-256 merkle) or both. */
export type TorrentVersion = 'v1' | 'v2' | 'hybrid';

/** One file of a torrent, placed in the torrent byte space (see {@link StorageFile}). */
export interface MetainfoFile extends StorageFile {
  /**
   * Sanitised path relative to the download directory, *including* the torrent name as first
   * component for multi-file torrents (`[name, ...path]`), `[name]` for single-file torrents.
   */
  readonly path: readonly string[];
  readonly length: number;
  readonly offset: number;
  /** BEP 47 pad file (attr contains `p`): zeros, never written. */
  readonly pad: boolean;
  /** BEP 47 attribute letters (`x` executable, `h` hidden, `p` pad…), '' when none. */
  readonly attr: string;
  /** BEP 52 merkle root of the file's 16 KiB blocks; null for v1-only, pad and empty files. */
  readonly piecesRoot: Uint8Array | null;
}

/** A parsed and validated torrent. */
export interface Metainfo {
  readonly version: TorrentVersion;
  /** Torrent name (root directory name for multi-file torrents, file name for single-file). */
  readonly name: string;
  /** True when the torrent is in single-file form (v1 `length` / v2 tree with one root file). */
  readonly singleFile: boolean;
  /** SHA-1 of the info dict bytes (BEP 3), null for pure v2. */
  readonly infoHashV1: Uint8Array | null;
  /** SHA-256 of the info dict bytes (BEP 52), null for pure v1. */
  readonly infoHashV2: Uint8Array | null;
  /** Lowercase hex of {@link infoHashV1}, or null. */
  readonly infoHashV1Hex: string | null;
  /** Lowercase hex of {@link infoHashV2}, or null. */
  readonly infoHashV2Hex: string | null;
  readonly pieceLength: number;
  readonly pieceCount: number;
  /** Total bytes of real (non-pad) files. */
  readonly length: number;
  /** Size of the torrent byte space: end of the last file, pad files and v2 alignment included. */
  readonly spaceLength: number;
  /** All files in byte-space order, pad files included (filter on `pad` to list real files). */
  readonly files: readonly MetainfoFile[];
  /** v1 piece hashes: 20-byte SHA-1 digests concatenated; null for pure v2. */
  readonly pieces: Uint8Array | null;
  /**
   * v2 piece layers by lowercase-hex pieces root: 32-byte SHA-256 subtree roots concatenated,
   * present for files larger than one piece (BEP 52). Empty when parsed from a bare info dict.
   */
  readonly pieceLayers: ReadonlyMap<string, Uint8Array>;
  /** Every tracker URL, deduplicated, tier order kept (BEP 12, `announce` first if not listed). */
  readonly announce: readonly string[];
  /** Tracker tiers (BEP 12), deduplicated. */
  readonly announceTiers: readonly (readonly string[])[];
  /** Web seeds (BEP 19 `url-list`). */
  readonly urlList: readonly string[];
  /** BEP 27 private flag. */
  readonly private: boolean;
  readonly comment: string | null;
  readonly createdBy: string | null;
  /** Seconds since the Unix epoch, or null. */
  readonly creationDate: number | null;
  /** The exact bencoded info dict (served over ut_metadata, BEP 9). */
  readonly infoBytes: Uint8Array;
}
