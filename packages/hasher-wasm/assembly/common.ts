/** @module assembly/common — padding and digest output shared by SHA-1 and SHA-256 (FIPS 180-4 §5.1.1). */

import { ALG_SHA1 } from './layout';

/** Digest length in bytes for an algorithm id. */
@inline export function digestLen(alg: i32): i32 { return alg == ALG_SHA1 ? 20 : 32; }

/**
 * FIPS 180-4 §5.1.1: append 0x80, zeros, and the message length in bits as a big-endian
 * 64-bit integer. Copies the `tailLen` (< 64) trailing bytes from `src` into `dst` and pads;
 * returns the number of 64-byte blocks written (1 or 2).
 */
export function padTail(src: usize, tailLen: i32, totalLen: u64, dst: usize): i32 {
  memory.copy(dst, src, <usize>tailLen);
  store<u8>(dst + tailLen, 0x80);
  const nb = tailLen < 56 ? 1 : 2;
  const end = nb << 6;
  memory.fill(dst + tailLen + 1, 0, <usize>(end - tailLen - 1 - 8));
  store<u64>(dst + end - 8, bswap<u64>(totalLen << 3));
  return nb;
}

/** Writes `words` state words from `state` to `out` big-endian (FIPS 180-4 §6.1.2 step 4 / §6.2.2). */
export function writeDigest(state: usize, out: usize, words: i32): void {
  for (let i = 0; i < words; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(state + (i << 2))));
}
