/** @module assembly/sha1x4 — lane-state initialisation for four-lane SHA-1; compression is in sha1x4-unrolled.ts. */

import { LANES } from './layout';

/** Splats the SHA-1 IV (§5.3.1) into the five lane-state vectors. */
export function sha1x4Init(): void {
  v128.store(LANES, i32x4.splat(0x67452301), 0);
  v128.store(LANES, i32x4.splat(0xefcdab89), 16);
  v128.store(LANES, i32x4.splat(0x98badcfe), 32);
  v128.store(LANES, i32x4.splat(0x10325476), 48);
  v128.store(LANES, i32x4.splat(0xc3d2e1f0), 64);
}
