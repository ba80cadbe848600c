/** @module assembly/sha256x4 — lane-state initialisation for four-lane SHA-256; compression is in sha256x4-unrolled.ts. */

import { LANES } from './layout';
import { IV256 } from './sha256';

/** Splats the SHA-256 IV into the eight lane-state vectors. */
export function sha256x4Init(): void {
  for (let i: usize = 0; i < 8; i++) v128.store(LANES + (i << 4), i32x4.splat(load<u32>(IV256 + (i << 2))));
}
