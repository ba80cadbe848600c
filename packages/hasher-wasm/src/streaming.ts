/**
 * @module streaming — init/update/digest hashing for pieces that span file boundaries or
 * arrive in 16 KiB blocks. The wasm has one context; each stream keeps its own 128-byte copy
 * and swaps it in per call, so any number of streams can be open at once.
 */

import { CTX_SIZE, type Engine } from './engine.js';
import { HasherError } from './errors.js';
import type { HashAlgorithm, StreamingHash } from './types.js';
import { ALG_ID } from './wasm-exports.js';
import { checkBytes } from './validate.js';

/** A streaming SHA-1 or SHA-256 (FIPS 180-4) over an Engine. */
export class WasmStreamingHash implements StreamingHash {
  readonly algorithm: HashAlgorithm;
  readonly #engine: Engine;
  readonly #ctx = new Uint8Array(CTX_SIZE);
  #done = false;

  constructor(engine: Engine, algorithm: HashAlgorithm) {
    this.#engine = engine;
    this.algorithm = algorithm;
    engine.wasm.streamInit(ALG_ID[algorithm]);
    engine.saveContext(this.#ctx);
  }

  /** Absorbs `data`. */
  update(data: Uint8Array): this {
    checkBytes(data);
    if (this.#done) throw new HasherError('HASHER_STREAM_FINISHED', 'update() after digest()');
    if (data.length === 0) return this;
    this.#engine.loadContext(this.#ctx);
    this.#engine.streamUpdate(this.algorithm, data);
    this.#engine.saveContext(this.#ctx);
    return this;
  }

  /** Finishes the hash; the stream cannot be used afterwards. */
  digest(): Uint8Array {
    if (this.#done) throw new HasherError('HASHER_STREAM_FINISHED', 'digest() called twice');
    this.#done = true;
    this.#engine.loadContext(this.#ctx);
    return this.#engine.streamFinal(this.algorithm);
  }
}
