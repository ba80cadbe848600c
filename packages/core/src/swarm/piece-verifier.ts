/**
 * @module swarm/piece-verifier — checks a completed piece against the torrent's hashes.
 *
 * v1 (BEP 3): SHA-1 of the piece equals its 20-byte entry in `pieces`. v2 (BEP 52): the merkle
 * root of the piece's 16 KiB blocks equals its piece-layer entry (leaves padded with zero hashes
 * to the full piece width), or the file's `pieces root` for a file of a single piece. Hybrid:
 * the v1 hash suffices (both describe the same bytes; BEP 52 "hybrid torrents").
 */
import type { HashPool, Hasher } from '../hash/hasher.js';
import { BLOCK_SIZE, type PieceLayout } from './piece-layout.js';
import type { SwarmTorrent } from './types.js';

/** Verifies piece data; resolves true when the data matches. */
export type PieceVerifier = (index: number, data: Uint8Array, signal?: AbortSignal) => Promise<boolean>;

/** Where hashing runs: a worker pool (preferred) and/or the in-thread wasm hasher. */
export interface HashBackend {
  pool?: HashPool;
  hasher?: Hasher;
}

function equal(a: Uint8Array, b: Uint8Array, bOffset = 0): boolean {
  if (a.length + bOffset > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[bOffset + i]) return false;
  return true;
}

/** Build the verifier for a torrent. */
export function createPieceVerifier(t: SwarmTorrent, layout: PieceLayout, backend: HashBackend): PieceVerifier {
  const { pool, hasher } = backend;
  if (!pool && !hasher) throw new TypeError('createPieceVerifier needs a HashPool or a Hasher');
  const sha1 = async (data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> =>
    pool ? pool.hashPieces(data, data.length, 'sha1', signal) : hasher!.sha1(data);
  const merkle = async (data: Uint8Array, minLeaves: number | undefined, signal?: AbortSignal): Promise<Uint8Array> =>
    pool ? pool.merkleRoot(data, minLeaves, signal) : hasher!.merkleRoot(data, minLeaves);

  return async (index, data, signal) => {
    if (data.length !== layout.size(index)) return false;
    if (t.piecesV1) {
      const digest = await sha1(data, signal);
      return equal(digest, t.piecesV1, index * 20);
    }
    const want = t.piecesV2?.[index];
    if (!want) return false;
    const minLeaves = layout.inMultiPieceFile(index) ? layout.pieceLength / BLOCK_SIZE : undefined;
    const root = await merkle(data, minLeaves, signal);
    return equal(root, want);
  };
}
