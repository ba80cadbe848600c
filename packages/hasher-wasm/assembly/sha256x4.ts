/**
 * @module assembly/sha256x4 — SHA-256 of four independent messages at once, one per i32x4 lane
 * (FIPS 180-4 §6.2 evaluated lane-wise; multi-buffer scheme as in ChainSafe's as-sha256).
 */

import { LANES, SCHED } from './layout';
import { K256, IV256 } from './sha256';
import { rotr4, loadWords4 } from './simd-util';

/** Splats the SHA-256 IV into the eight lane-state vectors. */
export function sha256x4Init(): void {
  for (let i: usize = 0; i < 8; i++) v128.store(LANES + (i << 4), i32x4.splat(load<u32>(IV256 + (i << 2))));
}

/** Compresses `n` blocks of each of the four messages at p0..p3 into the lane state. */
export function sha256x4Blocks(p0: usize, p1: usize, p2: usize, p3: usize, n: i32): void {
  const w = SCHED;
  let h0 = v128.load(LANES, 0), h1 = v128.load(LANES, 16), h2 = v128.load(LANES, 32), h3 = v128.load(LANES, 48);
  let h4 = v128.load(LANES, 64), h5 = v128.load(LANES, 80), h6 = v128.load(LANES, 96), h7 = v128.load(LANES, 112);
  for (let blk = 0; blk < n; blk++) {
    for (let g: usize = 0; g < 4; g++) loadWords4(p0 + (g << 4), p1 + (g << 4), p2 + (g << 4), p3 + (g << 4), w + (g << 6));
    p0 += 64; p1 += 64; p2 += 64; p3 += 64;
    for (let q: usize = w + 256; q < w + 1024; q += 16) {
      const x = v128.load(q - 240), y = v128.load(q - 32);
      const s0 = v128.xor(v128.xor(rotr4(x, 7), rotr4(x, 18)), i32x4.shr_u(x, 3));
      const s1 = v128.xor(v128.xor(rotr4(y, 17), rotr4(y, 19)), i32x4.shr_u(y, 10));
      v128.store(q, i32x4.add(i32x4.add(v128.load(q - 256), s0), i32x4.add(v128.load(q - 112), s1)));
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t: usize = 0; t < 64; t++) {
      const s1 = v128.xor(v128.xor(rotr4(e, 6), rotr4(e, 11)), rotr4(e, 25));
      const ch = v128.bitselect(f, g, e);
      const t1 = i32x4.add(i32x4.add(i32x4.add(h, s1), i32x4.add(ch, v128.load(w + (t << 4)))),
        i32x4.splat(load<u32>(K256 + (t << 2))));
      const s0 = v128.xor(v128.xor(rotr4(a, 2), rotr4(a, 13)), rotr4(a, 22));
      const maj = v128.bitselect(b, a, v128.xor(a, c));
      h = g; g = f; f = e; e = i32x4.add(d, t1); d = c; c = b; b = a; a = i32x4.add(t1, i32x4.add(s0, maj));
    }
    h0 = i32x4.add(h0, a); h1 = i32x4.add(h1, b); h2 = i32x4.add(h2, c); h3 = i32x4.add(h3, d);
    h4 = i32x4.add(h4, e); h5 = i32x4.add(h5, f); h6 = i32x4.add(h6, g); h7 = i32x4.add(h7, h);
  }
  v128.store(LANES, h0, 0); v128.store(LANES, h1, 16); v128.store(LANES, h2, 32); v128.store(LANES, h3, 48);
  v128.store(LANES, h4, 64); v128.store(LANES, h5, 80); v128.store(LANES, h6, 96); v128.store(LANES, h7, 112);
}
