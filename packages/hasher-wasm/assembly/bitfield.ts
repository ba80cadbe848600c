/**
 * @module assembly/bitfield — BEP 3 bitfield kernels. Bit i is the (7 - i % 8)-th bit of byte
 * i / 8 (high bit first). Availability counters are u16, saturating at 0 and 65535.
 * The SIMD build (ASC_FEATURE_SIMD) takes the v128 paths; spare bits past `nbits` are ignored
 * on input and written as zero on output.
 */

/** Mask of the valid high bits of the last byte of an `nbits` bitfield (0xff when whole). */
@inline function lastMask(nbits: i32): u32 { const r = nbits & 7; return r == 0 ? 0xff : (0xff00 >>> r) & 0xff; }

/** Number of set bits among the first `nbits` bits at `p`. */
export function popcount(p: usize, nbits: i32): i32 {
  const nbytes = (nbits + 7) >> 3;
  const whole = nbits >> 3;
  let i = 0, n: i64 = 0;
  if (ASC_FEATURE_SIMD) {
    // i8x16.popcnt, then widen pairwise into i32 lane sums (no overflow below 2^31 bits)
    let acc = i32x4.splat(0);
    for (; i + 16 <= whole; i += 16) {
      acc = i32x4.add(acc, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(i8x16.popcnt(v128.load(p + i)))));
    }
    n = <i64>(i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3));
  }
  for (; i + 8 <= whole; i += 8) n += popcnt<u64>(load<u64>(p + i));
  for (; i < whole; i++) n += <i64>popcnt<u32>(load<u8>(p + i));
  if (nbytes > whole) n += <i64>popcnt<u32>(load<u8>(p + whole) & lastMask(nbits));
  return <i32>n;
}

/** out = a AND NOT b over `nbits` bits (pieces a peer has that we lack); spare bits zeroed. */
export function andNot(a: usize, b: usize, out: usize, nbits: i32): void {
  const nbytes = (nbits + 7) >> 3;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= nbytes; i += 16) v128.store(out + i, v128.andnot(v128.load(a + i), v128.load(b + i)));
  }
  for (; i + 8 <= nbytes; i += 8) store<u64>(out + i, load<u64>(a + i) & ~load<u64>(b + i));
  for (; i < nbytes; i++) store<u8>(out + i, load<u8>(a + i) & ~load<u8>(b + i));
  if (nbytes > 0) store<u8>(out + nbytes - 1, load<u8>(out + nbytes - 1) & lastMask(nbits));
}

/** Index of the first set bit at or after `from` among `nbits` bits, or -1. */
export function nextSetBit(p: usize, from: i32, nbits: i32): i32 {
  if (from < 0) from = 0;
  if (from >= nbits) return -1;
  const nbytes = (nbits + 7) >> 3;
  let i = from >> 3;
  // first (partial) byte: drop bits before `from`
  let v = <u32>load<u8>(p + i) & (0xff >>> (from & 7));
  if (i == nbytes - 1) v &= lastMask(nbits);
  if (v != 0) return (i << 3) + (clz<u32>(v) - 24);
  i++;
  const whole = nbits >> 3;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= whole; i += 16) if (v128.any_true(v128.load(p + i))) break;
  }
  for (; i + 8 <= whole; i += 8) {
    // the first byte in memory is the low byte of a little-endian load: bswap puts it on top
    const x = load<u64>(p + i);
    if (x != 0) return (i << 3) + <i32>clz<u64>(bswap<u64>(x));
  }
  for (; i < nbytes; i++) {
    let b = <u32>load<u8>(p + i);
    if (i == nbytes - 1) b &= lastMask(nbits);
    if (b != 0) return (i << 3) + (clz<u32>(b) - 24);
  }
  return -1;
}
