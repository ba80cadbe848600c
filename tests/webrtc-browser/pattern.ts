/** @module tests/webrtc-browser/pattern — a position-keyed byte pattern, the same in Node and the page. */

/** The byte at position `i` of pattern `seed` (also inlined into the page as source text). */
export function patternByte(seed: number, i: number): number {
  let x = (Math.imul(i >>> 0, 0x9e3779b1) ^ Math.imul(seed + 1, 0x85ebca6b)) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  return x & 0xff;
}
