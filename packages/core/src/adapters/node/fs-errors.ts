/** @module adapters/node/fs-errors — maps Node file-system errors onto typed StorageErrors. */
import { StorageError } from '../../storage/errors.js';

/**
 * Translates a `node:fs` error (errno `code`) into a StorageError that keeps it as `cause`.
 * `reading` says the failed operation only read (EACCES then means permission denied, not a
 * read-only target).
 */
export function toStorageError(err: unknown, path: string, reading = false): StorageError {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (reading && (code === 'EACCES' || code === 'EPERM')) {
    return new StorageError('STORAGE_PERMISSION_DENIED', `cannot read ${path}: ${String(code)}`, { cause: err });
  }
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageError('STORAGE_NO_SPACE', `no space left writing ${path}`, { cause: err });
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new StorageError('STORAGE_READ_ONLY', `cannot write ${path}: ${String(code)}`, { cause: err });
    case 'ENOENT':
      return new StorageError('STORAGE_NOT_FOUND', `${path} does not exist`, { cause: err });
    case 'ELOOP':
      return new StorageError('STORAGE_UNSAFE_PATH', `symlink loop at ${path}`, { cause: err });
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return new StorageError('STORAGE_PATH_CONFLICT', `${path} conflicts with an existing file or folder`, { cause: err });
    default:
      return new StorageError('STORAGE_IO', `I/O error on ${path}: ${String(code ?? err)}`, { cause: err });
  }
}
