/** @module hash/hasher — the hashing interfaces the core depends on (implemented by @seedling/hasher-wasm). */

/** Piece hash algorithms: SHA-1 for v1 (BEP 3), SHA-256 for v2 (BEP 52). */
export type HashAlgorithm = 'sha1' | 'sha256';

/** BEP 52: merkle leaves are SHA-256 digests of 16 KiB blocks. */
export const MERKLE_BLOCK_SIZE = 16384;

/**
 * Synchronous hashing in the current thread (wasm). Digests are fresh Uint8Arrays the caller owns.
 */
export interface Hasher {
  sha1(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
  /** Digests of every `pieceLength` slice of `data` (the last may be short), concatenated. */
  hashPieces(data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm): Uint8Array;
  /**
   * BEP 52 merkle root of `data`: SHA-256 of each 16 KiB block (the last may be short) as
   * leaves, the leaf count padded to a power of two — and to at least `minLeaves` — with
   * 32 zero bytes, then pairwise SHA-256 up to the root. Empty data has no root (throws).
   */
  merkleRoot(data: Uint8Array, minLeaves?: number): Uint8Array;
  /**
   * Root of a tree whose leaves are given (concatenated 32-byte hashes), padded to a power of two
   * (and to at least `minLeaves`) with `padLeaf` (default 32 zero bytes). Used to build a file's
   * root from its piece-layer hashes, where the padding leaf is the root of an all-zero subtree.
   */
  merkleRootOfLeaves(leaves: Uint8Array, minLeaves?: number, padLeaf?: Uint8Array): Uint8Array;
}

/** Incremental hashing for data that arrives in blocks or spans file boundaries. */
export interface StreamingHash {
  update(data: Uint8Array): this;
  digest(): Uint8Array;
}

/**
 * Hashing spread over worker threads / Web Workers. Results come back in submission order.
 * Implementations copy or transfer the input as they document; the caller may reuse `data`
 * once the promise settles.
 */
export interface HashPool {
  hashPieces(data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm, signal?: AbortSignal): Promise<Uint8Array>;
  /** BEP 52 merkle root of `data` (one whole file, 16 KiB leaves, padded to a power of two and to `minLeaves`). */
  merkleRoot(data: Uint8Array, minLeaves?: number, signal?: AbortSignal): Promise<Uint8Array>;
  readonly size: number;
  destroy(): Promise<void>;
}
