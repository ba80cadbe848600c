/**
 * @module bitfield-kernels — BEP 3 bitfields (bit i = high-to-low bit i % 8 of byte i / 8)
 * through the wasm kernels. Arguments are copied into a scratch block of the wasm heap for the
 * call and the block is freed before returning.
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
    return this.#with(n, (p) => {
      this.#engine.u8.set(bits.subarray(0, n), p);
      return this.#engine.wasm.popcount(p, nbits);
    });
  }

  /** `a AND NOT b`: pieces a peer has (a) that we lack (b = ours); spare bits come back zero. */
  andNot(a: Uint8Array, b: Uint8Array, nbits: number = a.length * 8): Uint8Array {
    checkBitfield(a, nbits, 'a');
    checkBitfield(b, nbits, 'b');
    const n = Math.ceil(nbits / 8);
    return this.#with(3 * n + 32, (p) => {
      const pb = p + Math.ceil(n / 16) * 16, po = pb + Math.ceil(n / 16) * 16;
      const mem = this.#engine.u8;
      mem.set(a.subarray(0, n), p);
      mem.set(b.subarray(0, n), pb);
      this.#engine.wasm.andNot(p, pb, po, nbits);
      return mem.slice(po, po + n);
    });
  }

  /** Index of the first set bit at or after `from` (< nbits), or -1. */
  nextSetBit(bits: Uint8Array, from: number, nbits: number = bits.length * 8): number {
    checkBitfield(bits, nbits);
    checkCount(from, 0, 'from');
    // copy a bounded window at a time (small first, then larger) so a hit near `from` costs
    // little however long the bitfield is
    const MAX_WINDOW = 8192;
    return this.#with(MAX_WINDOW, (p) => {
      let window = 256;
      for (let byte = from >> 3; byte * 8 < nbits; byte += window, window = Math.min(MAX_WINDOW, window * 4)) {
        const end = Math.min(Math.ceil(nbits / 8), byte + window);
        this.#engine.u8.set(bits.subarray(byte, end), p);
        const windowBits = Math.min(nbits - byte * 8, window * 8);
        const hit = this.#engine.wasm.nextSetBit(p, Math.max(0, from - byte * 8), windowBits);
        if (hit >= 0) return byte * 8 + hit;
      }
      return -1;
    });
  }

  /** Runs `fn` with a scratch block of ≥ `size` bytes, kept between calls (grown when too small). */
  #with<T>(size: number, fn: (ptr: number) => T): T {
    if (size > this.#scratchSize) {
      if (this.#scratchSize > 0) this.#heap.free(this.#scratch, this.#scratchSize);
      this.#scratchSize = Math.max(size, 2 * this.#scratchSize, 8192);
      this.#scratch = this.#heap.alloc(this.#scratchSize);
    }
    return fn(this.#scratch);
  }
}
