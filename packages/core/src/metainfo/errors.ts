/** @module metainfo/errors — typed errors for .torrent parsing/creation and magnet links. */
import { SeedlingError } from '../errors.js';

/** Stable codes of {@link MetainfoError}. */
export type MetainfoErrorCode =
  | 'METAINFO_NOT_BENCODE'
  | 'METAINFO_MISSING_FIELD'
  | 'METAINFO_INVALID_FIELD'
  | 'METAINFO_UNSUPPORTED_VERSION'
  | 'METAINFO_INVALID_PIECE_LENGTH'
  | 'METAINFO_INVALID_PIECES'
  | 'METAINFO_INVALID_FILE_TREE'
  | 'METAINFO_MISSING_PIECE_LAYER'
  | 'METAINFO_INVALID_PIECE_LAYER'
  | 'METAINFO_HYBRID_MISMATCH'
  | 'METAINFO_UNSAFE_PATH'
  | 'METAINFO_DUPLICATE_PATH'
  | 'METAINFO_TOO_LARGE'
  | 'METAINFO_EMPTY'
  | 'METAINFO_INFO_HASH_MISMATCH'
  | 'METAINFO_INVALID_SOURCE'
  | 'METAINFO_ABORTED';

/** A .torrent / info dict that is malformed, unsafe or inconsistent, or a failed creation. */
export class MetainfoError extends SeedlingError<MetainfoErrorCode> {
  /** The offending file path (components), when the error concerns one. */
  readonly path: readonly string[] | undefined;

  constructor(code: MetainfoErrorCode, message: string, options?: { cause?: unknown; path?: readonly string[] }) {
    super(code, message, options);
    this.name = 'MetainfoError';
    this.path = options?.path;
  }
}

/** Stable codes of {@link MagnetError}. */
export type MagnetErrorCode =
  | 'MAGNET_NOT_MAGNET'
  | 'MAGNET_MALFORMED'
  | 'MAGNET_NO_INFO_HASH'
  | 'MAGNET_INVALID_INFO_HASH'
  | 'MAGNET_CONFLICTING_INFO_HASH'
  | 'MAGNET_INVALID_PEER'
  | 'MAGNET_INVALID_LENGTH'
  | 'MAGNET_TOO_LARGE';

/** A malformed magnet link (BEP 9, BEP 52 `btmh`). */
export class MagnetError extends SeedlingError<MagnetErrorCode> {
  constructor(code: MagnetErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MagnetError';
  }
}
