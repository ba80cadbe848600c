/**
 * @module create-hasher — assembles the public WasmHasher over one wasm instance. It satisfies
 * @seedling/core's `Hasher` structurally (sha1, sha256, hashPieces, merkleRoot, merkleRootOfLeaves).
 */

import { AvailabilityCounter } from './availability.js';
import { BitfieldKernels } from './bitfield-kernels.js';
import { Engine } from './engine.js';
import { WasmHeap } from './heap.js';
import { instantiate, type HasherOptions } from './instance.js';
import { merkleRoot, merkleRootOfLeaves, pieceLayer } from './merkle.js';
import { WasmStreamingHash } from './streaming.js';
import type { HashAlgorithm } from './types.js';
import { checkAlgorithm, checkBytes, checkPieceLength } from './validate.js';

/** The hasher returned by createHasher(): synchronous, single-threaded, wasm-backed. */
export interface WasmHasher {
  /** True when the SIMD build was loaded. */
  readonly simd: boolean;
  /** Current size of this hasher's wasm memory (diagnostic: it does not grow with input size). */
  readonly wasmMemoryBytes: number;
  /** SHA-1 digest (20 bytes, FIPS 180-4 §6.1). */
  sha1(data: Uint8Array): Uint8Array;
  /** SHA-256 digest (32 bytes, FIPS 180-4 §6.2). */
  sha256(data: Uint8Array): Uint8Array;
  /** Digests of every `pieceLength` slice of `data` (the last may be short), concatenated. */
  hashPieces(data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm): Uint8Array;
  /** BEP 52 root of `data` over 16 KiB leaves, padded to a power of two ≥ minLeaves. */
  merkleRoot(data: Uint8Array, minLeaves?: number): Uint8Array;
  /** Root over given 32-byte leaves padded with `padLeaf` (default zeros) to a power of two ≥ minLeaves. */
  merkleRootOfLeaves(leaves: Uint8Array, minLeaves?: number, padLeaf?: Uint8Array): Uint8Array;
  /** BEP 52 piece layer: per-piece subtree roots of one file's data (pieceLength a power of two ≥ 16 KiB). */
  pieceLayer(data: Uint8Array, pieceLength: number): Uint8Array;
  /** A streaming SHA-1. */
  createSha1(): WasmStreamingHash;
  /** A streaming SHA-256. */
  createSha256(): WasmStreamingHash;
  /** Number of set bits among the first `nbits` bits. */
  popcount(bits: Uint8Array, nbits?: number): number;
  /** `a AND NOT b` (pieces a peer has that we lack), spare bits zero; into `out` when given. */
  andNot(a: Uint8Array, b: Uint8Array, nbits?: number, out?: Uint8Array): Uint8Array;
  /** First set bit at or after `from`, or -1. */
  nextSetBit(bits: Uint8Array, from: number, nbits?: number): number;
  /** Availability counters for `numPieces` pieces, resident in wasm memory. */
  createAvailability(numPieces: number): AvailabilityCounter;
}

/**
 * Loads the wasm (SIMD build when supported, else the scalar fallback) and returns a hasher.
 * Each call makes an independent instance.
 *
 * @example
 * const h = await createHasher();
 * const pieces = h.hashPieces(bytes, 262144, 'sha1'); // 20 bytes per piece
 */
export async function createHasher(options: HasherOptions = {}): Promise<WasmHasher> {
  const { exports, simd } = await instantiate(options);
  const engine = new Engine(exports, simd);
  const heap = new WasmHeap(exports.memory, exports.setup());
  const bits = new BitfieldKernels(engine, heap);
  return {
    simd,
    get wasmMemoryBytes() { return exports.memory.buffer.byteLength; },
    sha1: (data) => (checkBytes(data), engine.digest('sha1', data)),
    sha256: (data) => (checkBytes(data), engine.digest('sha256', data)),
    hashPieces(data, pieceLength, algorithm) {
      checkBytes(data);
      checkPieceLength(pieceLength);
      checkAlgorithm(algorithm);
      return engine.hashPieces(data, pieceLength, algorithm);
    },
    merkleRoot: (data, minLeaves) => merkleRoot(engine, data, minLeaves),
    merkleRootOfLeaves: (leaves, minLeaves, padLeaf) => merkleRootOfLeaves(engine, leaves, minLeaves, padLeaf),
    pieceLayer: (data, pieceLength) => pieceLayer(engine, data, pieceLength),
    createSha1: () => new WasmStreamingHash(engine, 'sha1'),
    createSha256: () => new WasmStreamingHash(engine, 'sha256'),
    popcount: (b, n) => bits.popcount(b, n),
    andNot: (a, b, n, out) => bits.andNot(a, b, n, out),
    nextSetBit: (b, from, n) => bits.nextSetBit(b, from, n),
    createAvailability: (numPieces) => new AvailabilityCounter(engine, heap, numPieces),
  };
}
