/**
 * @module bitfield-kernels — BEP 3 bitfields (bit i = high-to-low bit i % 8 of byte i / 8)
 * through the wasm kernels. Arguments are copied into one scratch block of the wasm heap that is
 * reused from call to call (and grown when a larger bitfield comes).
 */

import type { Engine } from './engine.js';
import { HasherError } from './errors.js';
import type { WasmHeap } from './heap.js';
import { checkBytes, checkCount } from './validate.js';

/** Throws HASHER_INVALID_BITFIELD unless `bits` holds at least `nbits` bits. */
export function checkBitfield(bits: unknown, nbits: number, what = 'bitfield'): asserts bits is Uint8Array {
  checkBytes(bits, what);
  checkCount(nbits, 0, 'bit count', 'HASHER_INVALID_BITFIELD');
  if (bits.length * 8 < nbits) throw new HasherError('HASHER_INVALID_BITFIELD', `${what} has ${bits.length} bytes, needs ${Math.ceil(nbits / 8)}`);
}

/** Bitfield operations backed by wasm. */
export class BitfieldKernels {
  readonly #engine: Engine;
  readonly #heap: WasmHeap;
  #scratch = 0;
  #scratchSize = 0;

  constructor(engine: Engine, heap: WasmHeap) {
    this.#engine = engine;
    this.#heap = heap;
  }

  /** Number of set bits among the first `nbits` bits (spare bits ignored). */
  popcount(bits: Uint8Array, nbits: number = bits.length * 8): number {
    checkBitfield(bits, nbits);
    const n = Math.ceil(nbits / 8);
    const p = this.#scratchFor(n);
    this.#engine.u8.set(bits.length === n ? bits : bits.subarray(0, n), p);
    return this.#engine.wasm.popcount(p, nbits);
  }

  /**
   * `a AND NOT b`: pieces a peer has (a) that we lack (b = ours); spare bits come back zero.
   * Writes into `out` when given (no allocation), else into a new array.
   */
  andNot(a: Uint8Array, b: Uint8Array, nbits: number = a.length * 8, out?: Uint8Array): Uint8Array {
    checkBitfield(a, nbits, 'a');
    checkBitfield(b, nbits, 'b');
    const n = Math.ceil(nbits / 8);
    if (out !== undefined) checkBitfield(out, n * 8, 'out');
    const p = this.#scratchFor(3 * n + 32);
    const pb = p + Math.ceil(n / 16) * 16, po = pb + Math.ceil(n / 16) * 16;
    const mem = this.#engine.u8;
    mem.set(a.length === n ? a : a.subarray(0, n), p);
    mem.set(b.length === n ? b : b.subarray(0, n), pb);
    this.#engine.wasm.andNot(p, pb, po, nbits);
    const result = out ?? new Uint8Array(n);
    result.set(mem.subarray(po, po + n));
    return result;
  }

  /** Index of the first set bit at or after `from` (< nbits), or -1. */
  nextSetBit(bits: Uint8Array, from: number, nbits: number = bits.length * 8): number {
    checkBitfield(bits, nbits);
    checkCount(from, 0, 'from');
    if (from >= nbits) return -1;
    // a hit within the next few bytes is cheaper to find here than to copy into wasm
    const nbytes = Math.ceil(nbits / 8);
    let byte = from >> 3;
    const near = Math.min(nbytes, byte + 8);
    for (let v = bits[byte]! & (0xff >> (from & 7)); byte < near; v = bits[++byte]!) {
      if (byte === nbytes - 1 && nbits & 7) v &= 0xff00 >> (nbits & 7);
      if (v !== 0) return byte * 8 + Math.clz32(v) - 24;
    }
    // then windows of the bitfield through the wasm scan (SIMD any_true over 16 bytes at a time)
    const MAX_WINDOW = 16384;
    const p = this.#scratchFor(MAX_WINDOW);
    for (let window = 2048; byte < nbytes; byte += window, window = Math.min(MAX_WINDOW, window * 4)) {
      const end = Math.min(nbytes, byte + window);
      this.#engine.u8.set(bits.subarray(byte, end), p);
      const hit = this.#engine.wasm.nextSetBit(p, 0, Math.min(nbits - byte * 8, window * 8));
      if (hit >= 0) return byte * 8 + hit;
    }
    return -1;
  }

  /** A scratch block of ≥ `size` bytes, kept between calls (grown when too small). */
  #scratchFor(size: number): number {
    if (size > this.#scratchSize) {
      if (this.#scratchSize > 0) this.#heap.free(this.#scratch, this.#scratchSize);
      this.#scratchSize = Math.max(size, 2 * this.#scratchSize, 16384);
      this.#scratch = this.#heap.alloc(this.#scratchSize);
    }
    return this.#scratch;
  }
}
