/** @module assembly/sha1x4 — SHA-1 of four independent messages at once, one per i32x4 lane (FIPS 180-4 §6.1). */

import { LANES, SCHED } from './layout';
import { rotl4, loadWords4 } from './simd-util';

/** Splats the SHA-1 IV (§5.3.1) into the five lane-state vectors. */
export function sha1x4Init(): void {
  v128.store(LANES, i32x4.splat(0x67452301), 0);
  v128.store(LANES, i32x4.splat(0xefcdab89), 16);
  v128.store(LANES, i32x4.splat(0x98badcfe), 32);
  v128.store(LANES, i32x4.splat(0x10325476), 48);
  v128.store(LANES, i32x4.splat(0xc3d2e1f0), 64);
}

/** Compresses `n` blocks of each of the four messages at p0..p3 into the lane state. */
export function sha1x4Blocks(p0: usize, p1: usize, p2: usize, p3: usize, n: i32): void {
  const w = SCHED;
  let h0 = v128.load(LANES, 0), h1 = v128.load(LANES, 16), h2 = v128.load(LANES, 32);
  let h3 = v128.load(LANES, 48), h4 = v128.load(LANES, 64);
  const k0 = i32x4.splat(0x5a827999), k1 = i32x4.splat(0x6ed9eba1);
  const k2 = i32x4.splat(0x8f1bbcdc), k3 = i32x4.splat(0xca62c1d6);
  for (let blk = 0; blk < n; blk++) {
    for (let g: usize = 0; g < 4; g++) loadWords4(p0 + (g << 4), p1 + (g << 4), p2 + (g << 4), p3 + (g << 4), w + (g << 6));
    p0 += 64; p1 += 64; p2 += 64; p3 += 64;
    for (let q: usize = w + 256; q < w + 1280; q += 16) {
      const x = v128.xor(v128.xor(v128.load(q - 48), v128.load(q - 128)), v128.xor(v128.load(q - 224), v128.load(q - 256)));
      v128.store(q, rotl4(x, 1));
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    let q = w;
    for (let t = 0; t < 20; t++, q += 16) {
      const x = i32x4.add(i32x4.add(rotl4(a, 5), v128.bitselect(c, d, b)), i32x4.add(i32x4.add(e, k0), v128.load(q)));
      e = d; d = c; c = rotl4(b, 30); b = a; a = x;
    }
    for (let t = 20; t < 40; t++, q += 16) {
      const x = i32x4.add(i32x4.add(rotl4(a, 5), v128.xor(v128.xor(b, c), d)), i32x4.add(i32x4.add(e, k1), v128.load(q)));
      e = d; d = c; c = rotl4(b, 30); b = a; a = x;
    }
    for (let t = 40; t < 60; t++, q += 16) {
      const x = i32x4.add(i32x4.add(rotl4(a, 5), v128.bitselect(c, b, v128.xor(b, d))), i32x4.add(i32x4.add(e, k2), v128.load(q)));
      e = d; d = c; c = rotl4(b, 30); b = a; a = x;
    }
    for (let t = 60; t < 80; t++, q += 16) {
      const x = i32x4.add(i32x4.add(rotl4(a, 5), v128.xor(v128.xor(b, c), d)), i32x4.add(i32x4.add(e, k3), v128.load(q)));
      e = d; d = c; c = rotl4(b, 30); b = a; a = x;
    }
    h0 = i32x4.add(h0, a); h1 = i32x4.add(h1, b); h2 = i32x4.add(h2, c); h3 = i32x4.add(h3, d); h4 = i32x4.add(h4, e);
  }
  v128.store(LANES, h0, 0); v128.store(LANES, h1, 16); v128.store(LANES, h2, 32);
  v128.store(LANES, h3, 48); v128.store(LANES, h4, 64);
}
