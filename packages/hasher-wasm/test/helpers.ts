/** @module test/helpers — references computed with node:crypto and deterministic random bytes. */
import { createHash } from 'node:crypto';

/** Hex of bytes. */
export const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

/** node:crypto digest of `data`. */
export const ref = (alg: 'sha1' | 'sha256', data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(alg).update(data).digest());

/** Deterministic pseudo-random bytes (xorshift32), fast enough for many MiB. */
export function randomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Deterministic random integer generator in [0, n). */
export function rng(seed = 7): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** node:crypto digests of every piece, concatenated. */
export function refPieces(alg: 'sha1' | 'sha256', data: Uint8Array, pieceLength: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let o = 0; o < data.length; o += pieceLength) parts.push(ref(alg, data.subarray(o, o + pieceLength)));
  return new Uint8Array(Buffer.concat(parts));
}
