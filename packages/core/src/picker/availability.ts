/**
 * @module picker/availability — how many connected peers have each piece (for rarest-first).
 *
 * The picker talks to availability only through {@link AvailabilityCounts}, the same shape as
 * `AvailabilityCounter` in @seedling/hasher-wasm (counts resident in wasm memory, u16 saturating,
 * bulk add/remove of whole bitfields, `pickRarest` scan), so the wasm kernels can be passed in
 * as `PiecePickerOptions.availability` without touching the picker. This file is the plain-JS
 * implementation used until then (and in tests).
 */

/** Per-piece peer counts; bitfields are BEP 3 bytes (see picker/bits). */
export interface AvailabilityCounts {
  readonly numPieces: number;
  /** One more peer has every piece set in `bitfield` (a `bitfield` message, BEP 3). */
  add(bitfield: Uint8Array): void;
  /** One peer fewer has every piece set in `bitfield` (the peer left). */
  remove(bitfield: Uint8Array): void;
  /**
   * One more peer has piece `index` (a `have` message). Optional in wasm-backed implementations:
   * the picker falls back to `add` with a one-bit bitfield.
   */
  addOne?(index: number): void;
  /** Peers known to have piece `index`. */
  count(index: number): number;
  /**
   * The candidate (set bit in `candidates`) with the lowest count, or -1 if none. Ties go to the
   * first candidate at or after `start` (wrapping). `floor` is a known lower bound of the
   * candidates' counts: the scan may stop at the first candidate reaching it. Implementations
   * may ignore both hints and return the lowest index among the rarest (the wasm kernel does).
   */
  pickRarest(candidates: Uint8Array, start?: number, floor?: number): number;
}

const MAX = 0xffff;

/** Plain-JS availability counts (u16, saturating like the wasm version). */
export function createAvailability(numPieces: number): AvailabilityCounts {
  const counts = new Uint16Array(numPieces);
  const apply = (bitfield: Uint8Array, delta: 1 | -1): void => {
    const bytes = Math.min(bitfield.length, Math.ceil(numPieces / 8));
    for (let b = 0; b < bytes; b++) {
      const byte = bitfield[b]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (!(byte & (0x80 >> bit))) continue;
        const i = b * 8 + bit;
        if (i >= numPieces) break;
        const c = counts[i]!;
        counts[i] = delta > 0 ? (c === MAX ? c : c + 1) : c === 0 ? 0 : c - 1;
      }
    }
  };
  return {
    numPieces,
    add: (bf) => apply(bf, 1),
    remove: (bf) => apply(bf, -1),
    addOne(index) {
      if (counts[index]! < MAX) counts[index]!++;
    },
    count: (index) => counts[index] ?? 0,
    pickRarest(candidates, start = 0, floor = 0) {
      let best = -1;
      let bestCount = Infinity;
      // Scan [from, to) a byte at a time, visiting only set bits; ties keep the first found.
      const scan = (from: number, to: number): boolean => {
        for (let b = from >> 3; b << 3 < to; b++) {
          let byte = candidates[b] ?? 0;
          if (b === from >> 3) byte &= 0xff >> (from & 7); // bits before `from`
          while (byte !== 0) {
            const bit = Math.clz32(byte) - 24;
            byte &= ~(0x80 >> bit);
            const i = (b << 3) + bit;
            if (i >= to) return false;
            const c = counts[i]!;
            if (c < bestCount) {
              bestCount = c;
              best = i;
              if (c <= floor) return true;
            }
          }
        }
        return false;
      };
      const s0 = Math.min(Math.max(0, Math.floor(start)), numPieces);
      if (!scan(s0, numPieces)) scan(0, s0);
      return best;
    },
  };
}
