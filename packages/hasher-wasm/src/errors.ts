/** @module errors — typed errors of @seedling/hasher-wasm, matched by `code` (stable) or `name`. */

/** Every code this package throws or rejects with. */
export type HasherErrorCode =
  | 'HASHER_INVALID_INPUT'
  | 'HASHER_INVALID_PIECE_LENGTH'
  | 'HASHER_INVALID_ALGORITHM'
  | 'HASHER_EMPTY_INPUT'
  | 'HASHER_INVALID_LEAVES'
  | 'HASHER_INVALID_BITFIELD'
  | 'HASHER_STREAM_FINISHED'
  | 'HASHER_DISPOSED'
  | 'HASHER_WASM_UNAVAILABLE'
  | 'HASHER_POOL_DESTROYED'
  | 'HASHER_WORKER_FAILED'
  | 'HASHER_ABORTED';

/**
 * The package's error class. Structurally matches @seedling/core's SeedlingError (`code`,
 * `name`, `cause`) without importing it: core depends on this package, not the reverse.
 */
export class HasherError extends Error {
  /** Stable machine-readable code. */
  readonly code: HasherErrorCode;

  constructor(code: HasherErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'HasherError';
  }
}

/** True when `err` is a HasherError (matched by shape, so it works across bundles and workers). */
export function isHasherError(err: unknown): err is HasherError {
  return err instanceof Error && err.name === 'HasherError' && typeof (err as { code?: unknown }).code === 'string';
}
