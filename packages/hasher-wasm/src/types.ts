/** @module types — the public shapes, matching @seedling/core's hash/hasher.ts structurally. */

/** Piece hash algorithms: SHA-1 for v1 (BEP 3), SHA-256 for v2 (BEP 52). */
export type HashAlgorithm = 'sha1' | 'sha256';

/** BEP 52: merkle leaves are SHA-256 digests of 16 KiB blocks. */
export const MERKLE_BLOCK_SIZE = 16384;

/** Incremental hashing for data that arrives in blocks or spans file boundaries. */
export interface StreamingHash {
  /** Absorbs `data`; throws HASHER_STREAM_FINISHED after digest(). */
  update(data: Uint8Array): this;
  /** Finishes and returns the digest (a fresh Uint8Array). */
  digest(): Uint8Array;
}

/** Hashing in worker threads / Web Workers, results in submission order (core's HashPool). */
export interface HashPool {
  /** Digests of every `pieceLength` slice of `data`, concatenated (the last piece may be short). */
  hashPieces(data: Uint8Array, pieceLength: number, algorithm: HashAlgorithm, signal?: AbortSignal): Promise<Uint8Array>;
  /** BEP 52 merkle root of `data` (leaves hashed in the workers, the tree folded here). */
  merkleRoot(data: Uint8Array, minLeaves?: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Number of workers. */
  readonly size: number;
  /** Ends every worker; pending and later calls reject with HASHER_POOL_DESTROYED. */
  destroy(): Promise<void>;
}
