/**
 * @module bitfield/bitfield — a fixed-size set of piece indices in BEP 3 bitfield layout.
 *
 * Bit layout (BEP 3): byte 0's high bit is piece 0; spare bits at the end are zero. Storage is
 * one plain `Uint8Array` ({@link Bitfield.bytes}) so bulk kernels (e.g. the wasm popcount /
 * and-not / next-set-bit in @seedling/hasher-wasm) can work on it directly.
 */
import { BitfieldError } from './errors.js';

/** popcount of every byte value, built once. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** A fixed-size BEP 3 bitfield of `pieceCount` bits. */
export class Bitfield {
  /** Number of pieces (bits in use). */
  readonly pieceCount: number;
  /** Backing bytes, ceil(pieceCount/8) long; spare bits are kept zero. */
  readonly bytes: Uint8Array;

  /** An all-clear bitfield of `pieceCount` pieces. */
  constructor(pieceCount: number) {
    if (!Number.isInteger(pieceCount) || pieceCount < 0) {
      throw new BitfieldError('BITFIELD_OUT_OF_RANGE', `bad piece count ${pieceCount}`);
    }
    this.pieceCount = pieceCount;
    this.bytes = new Uint8Array(Math.ceil(pieceCount / 8));
  }

  /**
   * Parse a received bitfield (copies `bytes`). Throws `BITFIELD_BAD_LENGTH` unless it is
   * exactly ceil(pieceCount/8) bytes and `BITFIELD_SPARE_BITS` if any spare bit is set (BEP 3).
   */
  static fromBytes(bytes: Uint8Array, pieceCount: number): Bitfield {
    const bf = new Bitfield(pieceCount);
    if (bytes.length !== bf.bytes.length) {
      throw new BitfieldError('BITFIELD_BAD_LENGTH', `bitfield has ${bytes.length} bytes, expected ${bf.bytes.length}`);
    }
    bf.bytes.set(bytes);
    if (bf.bytes.length > 0 && (bf.bytes[bf.bytes.length - 1]! & ~bf.lastByteMask() & 0xff) !== 0) {
      throw new BitfieldError('BITFIELD_SPARE_BITS', 'bitfield spare bits are set');
    }
    return bf;
  }

  /** A bitfield with every piece set (e.g. a seeder, BEP 6 have-all). */
  static full(pieceCount: number): Bitfield {
    const bf = new Bitfield(pieceCount);
    bf.setAll();
    return bf;
  }

  /** Mask of the used bits of the last byte. */
  private lastByteMask(): number {
    const spare = this.bytes.length * 8 - this.pieceCount;
    return (0xff << spare) & 0xff;
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pieceCount) {
      throw new BitfieldError('BITFIELD_OUT_OF_RANGE', `piece index ${index} outside 0..${this.pieceCount - 1}`);
    }
  }

  /** True if piece `index` is set. */
  get(index: number): boolean {
    this.check(index);
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  /** Set piece `index`. Returns true if it was not set before. */
  set(index: number): boolean {
    this.check(index);
    const mask = 0x80 >> (index & 7);
    const before = this.bytes[index >> 3]!;
    this.bytes[index >> 3] = before | mask;
    return (before & mask) === 0;
  }

  /** Clear piece `index`. Returns true if it was set before. */
  clear(index: number): boolean {
    this.check(index);
    const mask = 0x80 >> (index & 7);
    const before = this.bytes[index >> 3]!;
    this.bytes[index >> 3] = before & ~mask;
    return (before & mask) !== 0;
  }

  /** Set every piece (spare bits stay zero). */
  setAll(): void {
    this.bytes.fill(0xff);
    if (this.bytes.length > 0) this.bytes[this.bytes.length - 1] = this.lastByteMask();
  }

  /** Clear every piece. */
  clearAll(): void {
    this.bytes.fill(0);
  }

  /** Number of set pieces (popcount). */
  count(): number {
    let c = 0;
    for (let i = 0; i < this.bytes.length; i++) c += POPCOUNT[this.bytes[i]!]!;
    return c;
  }

  /** True when every piece is set. */
  hasAll(): boolean {
    const last = this.bytes.length - 1;
    for (let i = 0; i < last; i++) if (this.bytes[i] !== 0xff) return false;
    return last < 0 || this.bytes[last] === this.lastByteMask();
  }

  /** True when no piece is set. */
  hasNone(): boolean {
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] !== 0) return false;
    return true;
  }

  /** Index of the first set piece at or after `from`, or -1. Skips zero bytes whole. */
  nextSet(from = 0): number {
    if (from >= this.pieceCount) return -1;
    let i = Math.max(0, from);
    while (i < this.pieceCount) {
      const byte = this.bytes[i >> 3]! & (0xff >> (i & 7));
      if (byte === 0) {
        i = ((i >> 3) + 1) << 3;
        continue;
      }
      const found = (i & ~7) + Math.clz32(byte) - 24;
      return found < this.pieceCount ? found : -1;
    }
    return -1;
  }

  /** Iterate set piece indices in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = this.nextSet(0); i !== -1; i = this.nextSet(i + 1)) yield i;
  }

  /** Set piece indices as an array. */
  toArray(): number[] {
    return [...this];
  }

  /** A copy of the backing bytes, ready to send as a BEP 3 bitfield message. */
  toBytes(): Uint8Array {
    return this.bytes.slice();
  }

  /** An independent copy. */
  clone(): Bitfield {
    const bf = new Bitfield(this.pieceCount);
    bf.bytes.set(this.bytes);
    return bf;
  }

  /** `this AND NOT other` as a new bitfield: e.g. pieces a peer has that we lack. */
  andNot(other: Bitfield): Bitfield {
    this.sameSize(other);
    const out = new Bitfield(this.pieceCount);
    for (let i = 0; i < this.bytes.length; i++) out.bytes[i] = this.bytes[i]! & ~other.bytes[i]!;
    return out;
  }

  /** True if `this AND NOT other` is non-empty, without allocating (interest check). */
  hasAnyNotIn(other: Bitfield): boolean {
    this.sameSize(other);
    for (let i = 0; i < this.bytes.length; i++) if ((this.bytes[i]! & ~other.bytes[i]!) !== 0) return true;
    return false;
  }

  private sameSize(other: Bitfield): void {
    if (other.pieceCount !== this.pieceCount) {
      throw new BitfieldError('BITFIELD_SIZE_MISMATCH', `bitfields of ${this.pieceCount} and ${other.pieceCount} pieces`);
    }
  }
}
