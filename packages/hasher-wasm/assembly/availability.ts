/**
 * @module assembly/availability — per-piece peer counts (u16, saturating) for rarest-first
 * piece picking (BEP 3 leaves the strategy to clients; rarest-first is the common one).
 */

/** Adds (delta = 1) or removes (delta = -1) one peer's `nbits`-bit bitfield at `bits` into `counts`. */
export function availabilityAdd(counts: usize, bits: usize, nbits: i32, delta: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // each bitfield byte covers 8 pieces = one i16x8 of counters; splat the byte, test one bit per lane
    const sel = i16x8(128, 64, 32, 16, 8, 4, 2, 1);
    const one = i16x8.splat(1);
    for (; i + 8 <= nbits; i += 8) {
      const m = i16x8.eq(v128.and(i16x8.splat(<i16>load<u8>(bits + (i >> 3))), sel), sel);
      const q = counts + (<usize>i << 1);
      const inc = v128.and(m, one);
      v128.store(q, delta > 0 ? i16x8.add_sat_u(v128.load(q), inc) : i16x8.sub_sat_u(v128.load(q), inc));
    }
  }
  for (; i < nbits; i++) {
    if ((load<u8>(bits + (i >> 3)) >> (7 - (i & 7))) & 1) {
      const q = counts + (<usize>i << 1);
      const c = <i32>load<u16>(q) + delta;
      store<u16>(q, <u16>(c < 0 ? 0 : c > 0xffff ? 0xffff : c));
    }
  }
}

/**
 * Index of the candidate (set bit in `cand`) with the lowest count, lowest index on ties;
 * -1 when there is no candidate.
 */
export function pickRarest(counts: usize, cand: usize, nbits: i32): i32 {
  let best = -1;
  let bestCount: u32 = 0x10000;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // pass 1: lane-wise minimum of counts, non-candidates forced to 0xffff
    const sel = i16x8(128, 64, 32, 16, 8, 4, 2, 1);
    let mn = i16x8.splat(-1);
    let any = false;
    const whole = nbits & ~7;
    for (; i < whole; i += 8) {
      const byte = load<u8>(cand + (i >> 3));
      if (byte == 0) continue;
      any = true;
      const m = i16x8.eq(v128.and(i16x8.splat(<i16>byte), sel), sel);
      mn = i16x8.min_u(mn, v128.or(v128.load(counts + (<usize>i << 1)), v128.not(m)));
    }
    if (any) {
      mn = i16x8.min_u(mn, i8x16.shuffle(mn, mn, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
      mn = i16x8.min_u(mn, i8x16.shuffle(mn, mn, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
      mn = i16x8.min_u(mn, i8x16.shuffle(mn, mn, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
      const target = <u32>i16x8.extract_lane_u(mn, 0);
      // pass 2: first candidate whose count equals the minimum
      const tv = i16x8.splat(<i16>target);
      for (let j = 0; j < whole; j += 8) {
        const byte = load<u8>(cand + (j >> 3));
        if (byte == 0) continue;
        const m = i16x8.eq(v128.and(i16x8.splat(<i16>byte), sel), sel);
        const hit = v128.and(m, i16x8.eq(v128.load(counts + (<usize>j << 1)), tv));
        const bm = i16x8.bitmask(hit);
        if (bm != 0) { best = j + <i32>ctz<u32>(bm); bestCount = target; break; }
      }
    }
  }
  for (; i < nbits; i++) {
    if ((load<u8>(cand + (i >> 3)) >> (7 - (i & 7))) & 1) {
      const c = <u32>load<u16>(counts + (<usize>i << 1));
      if (c < bestCount) { bestCount = c; best = i; }
    }
  }
  return best;
}
