/** @module validate — argument checks that turn bad input into typed errors before it reaches wasm. */

import { HasherError } from './errors.js';
import type { HashAlgorithm } from './types.js';

/** Throws HASHER_INVALID_INPUT unless `data` is a Uint8Array. */
export function checkBytes(data: unknown, what = 'data'): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) throw new HasherError('HASHER_INVALID_INPUT', `${what} must be a Uint8Array`);
}

/** Throws HASHER_INVALID_ALGORITHM unless `alg` is 'sha1' or 'sha256'. */
export function checkAlgorithm(alg: unknown): asserts alg is HashAlgorithm {
  if (alg !== 'sha1' && alg !== 'sha256') throw new HasherError('HASHER_INVALID_ALGORITHM', `unknown algorithm ${String(alg)}`);
}

/** Throws HASHER_INVALID_PIECE_LENGTH unless `n` is a safe integer in 1..2^31-1. */
export function checkPieceLength(n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0 || n > 0x7fffffff) {
    throw new HasherError('HASHER_INVALID_PIECE_LENGTH', `piece length must be a positive integer below 2^31, got ${String(n)}`);
  }
}

/** Throws `code` unless `n` is a safe integer ≥ `min`. */
export function checkCount(n: unknown, min: number, what: string, code: 'HASHER_INVALID_INPUT' | 'HASHER_INVALID_BITFIELD' = 'HASHER_INVALID_INPUT'): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new HasherError(code, `${what} must be an integer ≥ ${min}, got ${String(n)}`);
  }
}
