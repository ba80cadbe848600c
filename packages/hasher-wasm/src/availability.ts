/**
 * @module availability — per-piece peer counts kept resident in wasm memory (u16, saturating),
 * updated by whole peer bitfields (BEP 3 `bitfield` messages) and queried for the rarest
 * wanted piece. Resident so a 1,000,000-piece vector is never copied per update.
 */

import type { Engine } from './engine.js';
import { HasherError } from './errors.js';
import type { WasmHeap } from './heap.js';
import { checkBitfield } from './bitfield-kernels.js';
import { checkCount } from './validate.js';

/** Availability counters of one torrent. Call dispose() to give the wasm memory back. */
export class AvailabilityCounter {
  /** Number of pieces tracked. */
  readonly numPieces: number;
  readonly #engine: Engine;
  readonly #heap: WasmHeap;
  readonly #bytes: number;
  #counts: number;
  #scratch: number;

  constructor(engine: Engine, heap: WasmHeap, numPieces: number) {
    checkCount(numPieces, 0, 'numPieces');
    this.numPieces = numPieces;
    this.#engine = engine;
    this.#heap = heap;
    this.#bytes = Math.ceil(numPieces / 8);
    this.#counts = heap.alloc(numPieces * 2 + 16);
    this.#scratch = heap.alloc(this.#bytes + 16);
    engine.u8.fill(0, this.#counts, this.#counts + numPieces * 2);
  }

  /** Counts one more peer for every piece set in `bitfield`. */
  add(bitfield: Uint8Array): void {
    this.#apply(bitfield, 1);
  }

  /** Counts one peer fewer for every piece set in `bitfield` (a disconnecting peer). */
  remove(bitfield: Uint8Array): void {
    this.#apply(bitfield, -1);
  }

  /** Count of piece `index`. */
  count(index: number): number {
    this.#live();
    checkCount(index, 0, 'index');
    if (index >= this.numPieces) throw new HasherError('HASHER_INVALID_INPUT', `piece ${index} out of range`);
    const u8 = this.#engine.u8;
    const p = this.#counts + index * 2;
    return u8[p]! | (u8[p + 1]! << 8);
  }

  /** A copy of all counts. */
  counts(): Uint16Array {
    this.#live();
    return new Uint16Array(this.#engine.u8.slice(this.#counts, this.#counts + this.numPieces * 2).buffer);
  }

  /** The candidate (set bit in `candidates`) with the lowest count, lowest index on ties; -1 if none. */
  pickRarest(candidates: Uint8Array): number {
    this.#live();
    checkBitfield(candidates, this.numPieces, 'candidates');
    this.#engine.u8.set(candidates.subarray(0, this.#bytes), this.#scratch);
    return this.#engine.wasm.pickRarest(this.#counts, this.#scratch, this.numPieces);
  }

  /** Frees the wasm memory; later calls throw HASHER_DISPOSED. */
  dispose(): void {
    if (this.#counts < 0) return;
    this.#heap.free(this.#counts, this.numPieces * 2 + 16);
    this.#heap.free(this.#scratch, this.#bytes + 16);
    this.#counts = -1;
    this.#scratch = -1;
  }

  #apply(bitfield: Uint8Array, delta: 1 | -1): void {
    this.#live();
    checkBitfield(bitfield, this.numPieces);
    this.#engine.u8.set(bitfield.subarray(0, this.#bytes), this.#scratch);
    this.#engine.wasm.availabilityAdd(this.#counts, this.#scratch, this.numPieces, delta);
  }

  #live(): void {
    if (this.#counts < 0) throw new HasherError('HASHER_DISPOSED', 'availability counter was disposed');
  }
}
