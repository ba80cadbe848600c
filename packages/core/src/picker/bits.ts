/**
 * @module picker/bits — bit operations on BEP 3 bitfields held as plain `Uint8Array`s
 * (byte 0's high bit is piece 0), the layout of `Bitfield.bytes` and of the wire message.
 */

/** True when bit `i` is set. */
export function hasBit(bits: Uint8Array, i: number): boolean {
  return ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0;
}

/** Sets bit `i`. */
export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3]! |= 0x80 >> (i & 7);
}

/** Clears bit `i`. */
export function clearBit(bits: Uint8Array, i: number): void {
  bits[i >> 3]! &= ~(0x80 >> (i & 7));
}

/** Index of the first set bit at or after `from` and below `nbits`, or -1. */
export function nextSetBit(bits: Uint8Array, from: number, nbits: number): number {
  let i = Math.max(0, from);
  while (i < nbits) {
    const byte = bits[i >> 3]!;
    if (byte === 0) {
      i = (i | 7) + 1;
      continue;
    }
    if (byte & (0x80 >> (i & 7))) return i;
    i++;
  }
  return -1;
}

const POP = new Uint8Array(256);
for (let i = 1; i < 256; i++) POP[i] = (i & 1) + POP[i >> 1]!;

/** Number of set bits among the first `nbits`. */
export function popcount(bits: Uint8Array, nbits: number): number {
  let n = 0;
  const full = nbits >> 3;
  for (let b = 0; b < full; b++) n += POP[bits[b]!]!;
  const rest = nbits & 7;
  if (rest) n += POP[bits[full]! & (0xff << (8 - rest)) & 0xff]!;
  return n;
}

/** The index of the `k`-th (0-based) set bit below `nbits`, or -1. */
export function nthSetBit(bits: Uint8Array, k: number, nbits: number): number {
  let seen = 0;
  for (let b = 0; b * 8 < nbits; b++) {
    const byte = bits[b]!;
    const c = POP[byte]!;
    if (seen + c <= k) {
      seen += c;
      continue;
    }
    for (let i = b * 8; i < Math.min(nbits, b * 8 + 8); i++) {
      if (byte & (0x80 >> (i & 7))) {
        if (seen === k) return i;
        seen++;
      }
    }
  }
  return -1;
}
