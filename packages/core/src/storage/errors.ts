/** @module storage/errors — typed errors raised by Storage implementations. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link StorageError}:
 * - `STORAGE_UNSAFE_PATH`: a file path would resolve outside the storage root (after `..`,
 *   absolute components or a symlink that leads out of the root are taken into account).
 * - `STORAGE_BAD_LAYOUT`: the file list is inconsistent (negative lengths, overlapping files).
 * - `STORAGE_OUT_OF_RANGE`: a read or write outside the torrent's byte space.
 * - `STORAGE_NO_SPACE`: the disk is full (ENOSPC, EDQUOT).
 * - `STORAGE_READ_ONLY`: the target cannot be written (EROFS, EACCES, EPERM).
 * - `STORAGE_PERMISSION_DENIED`: a file or folder to read cannot be read (EACCES, EPERM on read).
 * - `STORAGE_NOT_FOUND`: a local file or folder to read from does not exist (ENOENT).
 * - `STORAGE_PATH_CONFLICT`: a path component is a file where a folder is needed or vice versa.
 * - `STORAGE_CLOSED`: the storage was used after `close()`.
 * - `STORAGE_IO`: any other I/O failure (see `cause`).
 */
export type StorageErrorCode =
  | 'STORAGE_UNSAFE_PATH'
  | 'STORAGE_BAD_LAYOUT'
  | 'STORAGE_OUT_OF_RANGE'
  | 'STORAGE_NO_SPACE'
  | 'STORAGE_READ_ONLY'
  | 'STORAGE_PERMISSION_DENIED'
  | 'STORAGE_NOT_FOUND'
  | 'STORAGE_PATH_CONFLICT'
  | 'STORAGE_CLOSED'
  | 'STORAGE_IO';

/** An error from a Storage implementation; match on `code`, the original error is `cause`. */
export class StorageError extends SeedlingError<StorageErrorCode> {
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StorageError';
  }
}
