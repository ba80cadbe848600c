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
    // copy a bounded window at a time so a hit near `from` costs little however long the bitfield
    const WINDOW = 4096;
    return this.#with(WINDOW, (p) => {
      for (let byte = from >> 3; byte * 8 < nbits; byte += WINDOW) {
        const end = Math.min(Math.ceil(nbits / 8), byte + WINDOW);
        this.#engine.u8.set(bits.subarray(byte, end), p);
        const windowBits = Math.min(nbits - byte * 8, WINDOW * 8);
        const hit = this.#engine.wasm.nextSetBit(p, Math.max(0, from - byte * 8), windowBits);
        if (hit >= 0) return byte * 8 + hit;
      }
      return -1;
    });
  }

  #with<T>(size: number, fn: (ptr: number) => T): T {
    const p = this.#heap.alloc(size);
    try {
      return fn(p);
    } finally {
      this.#heap.free(p, size);
    }
  }
}
