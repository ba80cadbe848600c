/** @module assembly/simd-util — lane rotates and the big-endian 4×4 word transpose used by the x4 kernels. */

/** Lane-wise 32-bit rotate right (wasm SIMD has no rotate: shr_u | shl). */
@inline export function rotr4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

/** Lane-wise 32-bit rotate left. */
@inline export function rotl4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}

/**
 * Loads 16 bytes (4 message words) from each of four messages and stores 4 vectors at `dst`,
 * vector k holding word k of messages 0..3 in lanes 0..3, byte-swapped to big-endian
 * (FIPS 180-4 §3.1 word order). Two shuffle stages transpose; the second also reverses bytes.
 */
@inline export function loadWords4(p0: usize, p1: usize, p2: usize, p3: usize, dst: usize): void {
  const a = v128.load(p0), b = v128.load(p1), c = v128.load(p2), d = v128.load(p3);
  const t0 = i8x16.shuffle(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
  const t1 = i8x16.shuffle(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
  const t2 = i8x16.shuffle(c, d, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
  const t3 = i8x16.shuffle(c, d, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
  v128.store(dst, i8x16.shuffle(t0, t2, 3, 2, 1, 0, 7, 6, 5, 4, 19, 18, 17, 16, 23, 22, 21, 20), 0);
  v128.store(dst, i8x16.shuffle(t0, t2, 11, 10, 9, 8, 15, 14, 13, 12, 27, 26, 25, 24, 31, 30, 29, 28), 16);
  v128.store(dst, i8x16.shuffle(t1, t3, 3, 2, 1, 0, 7, 6, 5, 4, 19, 18, 17, 16, 23, 22, 21, 20), 32);
  v128.store(dst, i8x16.shuffle(t1, t3, 11, 10, 9, 8, 15, 14, 13, 12, 27, 26, 25, 24, 31, 30, 29, 28), 48);
}

/** Writes lane `lane` of the `words` state vectors at `state` to `out` as a big-endian digest. */
export function writeLaneDigest(state: usize, lane: i32, out: usize, words: i32): void {
  const off = <usize>lane << 2;
  for (let i = 0; i < words; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(state + (<usize>i << 4) + off)));
}
