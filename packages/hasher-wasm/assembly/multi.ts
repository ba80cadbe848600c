/**
 * @module assembly/multi — four equal-length messages hashed together. With SIMD
 * (ASC_FEATURE_SIMD, a compile-time constant) they run in the i32x4 lanes of the x4 kernels;
 * the non-SIMD build keeps four scalar states in the LANES region and runs them one by one.
 */

import { ALG_SHA1, LANES, SCRATCH } from './layout';
import { padTail, writeDigest, digestLen } from './common';
import { blocks, initState } from './stream';
import { sha1x4Init } from './sha1x4';
import { sha1x4Blocks } from './sha1x4-unrolled';
import { sha256x4Init } from './sha256x4';
import { sha256x4Blocks } from './sha256x4-unrolled';
import { writeLaneDigest } from './simd-util';

/** Resets the four lane states for `alg`. */
export function multiInit(alg: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (alg == ALG_SHA1) sha1x4Init(); else sha256x4Init();
  } else {
    for (let i: usize = 0; i < 4; i++) initState(alg, LANES + (i << 5));
  }
}

/** Compresses `n` blocks of each message (at p0..p3) into its lane. */
export function multiUpdate(alg: i32, p0: usize, p1: usize, p2: usize, p3: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (alg == ALG_SHA1) sha1x4Blocks(p0, p1, p2, p3, n); else sha256x4Blocks(p0, p1, p2, p3, n);
  } else {
    blocks(alg, LANES, p0, n);
    blocks(alg, LANES + 32, p1, n);
    blocks(alg, LANES + 64, p2, n);
    blocks(alg, LANES + 96, p3, n);
  }
}

/**
 * Pads the `tailLen` (< 64) trailing bytes of each message (at t0..t3), all of `totalLen`
 * bytes, finishes the lanes and writes `count` (1..4) digests consecutively to `out`.
 */
export function multiFinal(alg: i32, t0: usize, t1: usize, t2: usize, t3: usize, tailLen: i32, totalLen: f64, out: usize, count: i32): void {
  const total = <u64>totalLen;
  const nb = padTail(t0, tailLen, total, SCRATCH);
  padTail(t1, tailLen, total, SCRATCH + 128);
  padTail(t2, tailLen, total, SCRATCH + 256);
  padTail(t3, tailLen, total, SCRATCH + 384);
  multiUpdate(alg, SCRATCH, SCRATCH + 128, SCRATCH + 256, SCRATCH + 384, nb);
  const words = alg == ALG_SHA1 ? 5 : 8;
  const dl = <usize>digestLen(alg);
  for (let i = 0; i < count; i++) {
    if (ASC_FEATURE_SIMD) writeLaneDigest(LANES, i, out + <usize>i * dl, words);
    else writeDigest(LANES + (<usize>i << 5), out + <usize>i * dl, words);
  }
}
