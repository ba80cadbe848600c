/**
 * @module engine — the JS side of the wasm memory layout. Input is copied into the fixed IN
 * staging buffer in chunks (so any input size works), digests are read from OUT and copied
 * out, so no wasm memory is held across calls.
 */

import { ALG_ID, DIGEST_LENGTH, type WasmExports } from './wasm-exports.js';
import type { HashAlgorithm } from './types.js';

/** Bytes of the streaming context region (assembly/stream.ts layout). */
export const CTX_SIZE = 128;

/** One wasm instance and cached views of its memory. */
export class Engine {
  readonly wasm: WasmExports;
  readonly simd: boolean;
  readonly inPtr: number;
  readonly inSize: number;
  readonly outPtr: number;
  readonly outSize: number;
  readonly ctxPtr: number;
  #u8: Uint8Array;

  constructor(wasm: WasmExports, simd: boolean) {
    this.wasm = wasm;
    this.simd = simd;
    this.inPtr = wasm.inPtr();
    this.inSize = wasm.inSize();
    this.outPtr = wasm.outPtr();
    this.outSize = wasm.outSize();
    this.ctxPtr = wasm.ctxPtr();
    this.#u8 = new Uint8Array(wasm.memory.buffer);
  }

  /** A byte view of wasm memory, re-created after memory.grow detaches the old buffer. */
  get u8(): Uint8Array {
    if (this.#u8.buffer !== this.wasm.memory.buffer) this.#u8 = new Uint8Array(this.wasm.memory.buffer);
    return this.#u8;
  }

  /** Feeds `data` to the streaming context in IN-sized chunks. */
  streamUpdate(alg: HashAlgorithm, data: Uint8Array): void {
    const id = ALG_ID[alg];
    const mem = this.u8;
    for (let off = 0; off < data.length; off += this.inSize) {
      const chunk = data.subarray(off, Math.min(data.length, off + this.inSize));
      mem.set(chunk, this.inPtr);
      this.wasm.streamUpdate(id, this.inPtr, chunk.length);
    }
  }

  /** Finishes the streaming context and returns a fresh digest. */
  streamFinal(alg: HashAlgorithm): Uint8Array {
    this.wasm.streamFinal(ALG_ID[alg], this.outPtr);
    return this.u8.slice(this.outPtr, this.outPtr + DIGEST_LENGTH[alg]);
  }

  /** One-shot digest of `data`. */
  digest(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
    this.wasm.streamInit(ALG_ID[alg]);
    this.streamUpdate(alg, data);
    return this.streamFinal(alg);
  }

  /** Saves the streaming context (so many JS streams can share the one wasm context). */
  saveContext(into: Uint8Array): void {
    into.set(this.u8.subarray(this.ctxPtr, this.ctxPtr + CTX_SIZE));
  }

  /** Restores a saved streaming context. */
  loadContext(from: Uint8Array): void {
    this.u8.set(from, this.ctxPtr);
  }

  /**
   * Digests of every `pieceLength` slice of `data` (last may be short), concatenated.
   * Arguments must already be validated.
   */
  hashPieces(data: Uint8Array, pieceLength: number, alg: HashAlgorithm): Uint8Array {
    const dl = DIGEST_LENGTH[alg];
    const nFull = Math.floor(data.length / pieceLength);
    const rest = data.length - nFull * pieceLength;
    const out = new Uint8Array((nFull + (rest > 0 ? 1 : 0)) * dl);
    if (pieceLength * 4 <= this.inSize) this.#smallPieces(data, pieceLength, nFull, alg, out);
    else this.#largePieces(data, pieceLength, nFull, alg, out);
    if (rest > 0) out.set(this.digest(alg, data.subarray(nFull * pieceLength)), nFull * dl);
    return out;
  }

  /**
   * Digests of the `length` bytes already in the IN buffer (written there by the pool through
   * shared memory), cut into `pieceLength` pieces, the last may be short. `length` ≤ inSize.
   */
  hashInPlace(length: number, pieceLength: number, alg: HashAlgorithm): Uint8Array {
    const dl = DIGEST_LENGTH[alg];
    const id = ALG_ID[alg];
    const nFull = Math.floor(length / pieceLength);
    const rest = length - nFull * pieceLength;
    const out = new Uint8Array((nFull + (rest > 0 ? 1 : 0)) * dl);
    const perCall = Math.floor(this.outSize / dl) & ~3;
    for (let done = 0; done < nFull;) {
      const k = Math.min(perCall, nFull - done);
      this.wasm.hashPieces(id, this.inPtr + done * pieceLength, pieceLength, k, this.outPtr);
      out.set(this.u8.subarray(this.outPtr, this.outPtr + k * dl), done * dl);
      done += k;
    }
    if (rest > 0) {
      this.wasm.streamInit(id);
      this.wasm.streamUpdate(id, this.inPtr + nFull * pieceLength, rest);
      out.set(this.streamFinal(alg), nFull * dl);
    }
    return out;
  }

  /** Whole pieces, many per call: copy as many as fit in IN, let wasm run them 4 lanes at a time. */
  #smallPieces(data: Uint8Array, len: number, nFull: number, alg: HashAlgorithm, out: Uint8Array): void {
    const dl = DIGEST_LENGTH[alg];
    const id = ALG_ID[alg];
    let perCall = Math.min(Math.floor(this.inSize / len), Math.floor(this.outSize / dl));
    if (perCall > 4) perCall -= perCall % 4;
    for (let done = 0; done < nFull;) {
      const k = Math.min(perCall, nFull - done);
      const mem = this.u8;
      mem.set(data.subarray(done * len, (done + k) * len), this.inPtr);
      this.wasm.hashPieces(id, this.inPtr, len, k, this.outPtr);
      out.set(mem.subarray(this.outPtr, this.outPtr + k * dl), done * dl);
      done += k;
    }
  }

  /** Pieces larger than IN/4: four at a time through the lanes, streamed in IN/4-sized chunks. */
  #largePieces(data: Uint8Array, len: number, nFull: number, alg: HashAlgorithm, out: Uint8Array): void {
    const dl = DIGEST_LENGTH[alg];
    const id = ALG_ID[alg];
    const quarter = Math.floor(this.inSize / 4 / 64) * 64;
    const body = len - (len % 64);
    const tail = len % 64;
    const lane = (i: number, count: number): number => this.inPtr + Math.min(i, count - 1) * quarter;
    for (let first = 0; first < nFull; first += 4) {
      const count = Math.min(4, nFull - first);
      this.wasm.multiInit(id);
      for (let off = 0; off <= body; off += quarter) {
        const c = Math.min(quarter, body - off);
        const isTail = c < quarter;
        const mem = this.u8;
        for (let i = 0; i < count; i++) {
          const start = (first + i) * len + off;
          mem.set(data.subarray(start, start + c + (isTail ? tail : 0)), lane(i, count));
        }
        if (c > 0) this.wasm.multiUpdate(id, lane(0, count), lane(1, count), lane(2, count), lane(3, count), c / 64);
        if (isTail) {
          const t = c;
          this.wasm.multiFinal(id, lane(0, count) + t, lane(1, count) + t, lane(2, count) + t, lane(3, count) + t, tail, len, this.outPtr, count);
          out.set(this.u8.subarray(this.outPtr, this.outPtr + count * dl), first * dl);
          break;
        }
      }
    }
  }
}
