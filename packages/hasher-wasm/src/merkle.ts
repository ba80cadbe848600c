/**
 * @module merkle — BEP 52 merkle trees: SHA-256 leaves over 16 KiB blocks (the last block
 * hashed as is, not padded), leaf count padded to a power of two with zero leaves, each parent
 * the SHA-256 of its two children's concatenation. Each layer is hashed as a batch of 64-byte
 * "pieces", so the SIMD lanes are used there too.
 */

import type { Engine } from './engine.js';
import { HasherError } from './errors.js';
import { MERKLE_BLOCK_SIZE } from './types.js';
import { checkBytes, checkCount } from './validate.js';

const ZERO_LEAF = new Uint8Array(32);

/** Smallest power of two ≥ n (n ≥ 1). */
function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Checks minLeaves (default 1); returns it. */
function checkMinLeaves(minLeaves: number | undefined): number {
  const m = minLeaves ?? 1;
  checkCount(m, 1, 'minLeaves');
  if (m > 2 ** 40) throw new HasherError('HASHER_INVALID_INPUT', 'minLeaves too large');
  return m;
}

/**
 * Root over concatenated 32-byte `leaves`, padded to a power of two ≥ max(count, minLeaves)
 * with `padLeaf`. Padding subtrees are folded level by level (pad_k+1 = H(pad_k ‖ pad_k)),
 * so the cost stays O(leaves) however large minLeaves is.
 */
export function merkleRootOfLeaves(engine: Engine, leaves: Uint8Array, minLeaves?: number, padLeaf: Uint8Array = ZERO_LEAF): Uint8Array {
  checkBytes(leaves, 'leaves');
  checkBytes(padLeaf, 'padLeaf');
  if (leaves.length === 0 || leaves.length % 32 !== 0) {
    throw new HasherError('HASHER_INVALID_LEAVES', `leaves must be a non-empty multiple of 32 bytes, got ${leaves.length}`);
  }
  if (padLeaf.length !== 32) throw new HasherError('HASHER_INVALID_LEAVES', 'padLeaf must be 32 bytes');
  let width = nextPow2(Math.max(leaves.length / 32, checkMinLeaves(minLeaves)));
  let layer = leaves;
  let pad = padLeaf;
  while (width > 1) {
    let count = layer.length / 32;
    if (count % 2 === 1) {
      const padded = new Uint8Array((count + 1) * 32);
      padded.set(layer);
      padded.set(pad, count * 32);
      layer = padded;
      count++;
    }
    layer = engine.hashPieces(layer, 64, 'sha256');
    if (width > 2) {
      const pair = new Uint8Array(64);
      pair.set(pad);
      pair.set(pad, 32);
      pad = engine.digest('sha256', pair);
    }
    width /= 2;
  }
  return layer.slice(0, 32);
}

/** BEP 52 merkle root of `data`; empty data has no root (HASHER_EMPTY_INPUT). */
export function merkleRoot(engine: Engine, data: Uint8Array, minLeaves?: number): Uint8Array {
  checkBytes(data);
  if (data.length === 0) throw new HasherError('HASHER_EMPTY_INPUT', 'empty data has no merkle root (BEP 52)');
  const m = checkMinLeaves(minLeaves);
  return merkleRootOfLeaves(engine, engine.hashPieces(data, MERKLE_BLOCK_SIZE, 'sha256'), m);
}

/** Throws HASHER_INVALID_PIECE_LENGTH unless `n` is a power of two ≥ 16 KiB (BEP 52 piece length). */
export function checkBep52PieceLength(n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < MERKLE_BLOCK_SIZE || n > 2 ** 30 || (n & (n - 1)) !== 0) {
    throw new HasherError('HASHER_INVALID_PIECE_LENGTH', `BEP 52 piece length must be a power of two ≥ 16 KiB, got ${String(n)}`);
  }
}

/**
 * BEP 52 piece layer: for each `pieceLength` slice of `data` (one file, starting at a piece
 * boundary), the root of its subtree of pieceLength / 16 KiB leaves — the last piece's subtree
 * padded with zero leaves. pieceLength must be a power of two ≥ 16 KiB.
 */
export function pieceLayer(engine: Engine, data: Uint8Array, pieceLength: number): Uint8Array {
  checkBytes(data);
  checkBep52PieceLength(pieceLength);
  if (data.length === 0) throw new HasherError('HASHER_EMPTY_INPUT', 'empty data has no piece layer');
  const leaves = engine.hashPieces(data, MERKLE_BLOCK_SIZE, 'sha256');
  return pieceLayerOfLeaves(engine, leaves, pieceLength / MERKLE_BLOCK_SIZE);
}

/** Piece-layer hashes from already computed 16 KiB leaves, `perPiece` leaves per piece. */
export function pieceLayerOfLeaves(engine: Engine, leaves: Uint8Array, perPiece: number): Uint8Array {
  const nLeaves = leaves.length / 32;
  const nPieces = Math.ceil(nLeaves / perPiece);
  const out = new Uint8Array(nPieces * 32);
  for (let i = 0; i < nPieces; i++) {
    const sub = leaves.subarray(i * perPiece * 32, Math.min(nLeaves, (i + 1) * perPiece) * 32);
    out.set(merkleRootOfLeaves(engine, sub, perPiece), i * 32);
  }
  return out;
}
