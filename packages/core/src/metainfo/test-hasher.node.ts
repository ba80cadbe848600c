/**
 * @module metainfo/test-hasher.node — a reference {@link Hasher} on node:crypto, for tests only
 * (never exported from the package). It is written straight from BEP 52's definitions so tests
 * can cross-check @seedling/hasher-wasm and our merkle code against a second implementation.
 */
import { createHash } from 'node:crypto';
import { MERKLE_BLOCK_SIZE, type HashAlgorithm, type Hasher } from '../hash/hasher.js';

const sha = (algorithm: HashAlgorithm, data: Uint8Array): Uint8Array => new Uint8Array(createHash(algorithm).update(data).digest());

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function rootOf(leaves: Uint8Array[], minLeaves: number, padLeaf: Uint8Array): Uint8Array {
  const count = nextPow2(Math.max(leaves.length, minLeaves, 1));
  // Pad leaves; every level's padding is the hash of the level below's padding.
  let level = leaves.slice();
  let pad = padLeaf;
  for (let width = count; width > 1; width /= 2) {
    while (level.length < width) level.push(pad);
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha('sha256', Buffer.concat([level[i]!, level[i + 1]!])));
    level = next;
    pad = sha('sha256', Buffer.concat([pad, pad]));
  }
  return level[0]!;
}

/** The node:crypto reference hasher. */
export const referenceHasher: Hasher = {
  sha1: (data) => sha('sha1', data),
  sha256: (data) => sha('sha256', data),
  hashPieces(data, pieceLength, algorithm) {
    const size = algorithm === 'sha1' ? 20 : 32;
    const count = Math.ceil(data.length / pieceLength);
    const out = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) out.set(sha(algorithm, data.subarray(i * pieceLength, (i + 1) * pieceLength)), i * size);
    return out;
  },
  merkleRoot(data, minLeaves = 1) {
    if (data.length === 0) throw new Error('empty data has no merkle root');
    const leaves: Uint8Array[] = [];
    for (let i = 0; i < data.length; i += MERKLE_BLOCK_SIZE) leaves.push(sha('sha256', data.subarray(i, i + MERKLE_BLOCK_SIZE)));
    return rootOf(leaves, minLeaves, new Uint8Array(32));
  },
  merkleRootOfLeaves(leaves, minLeaves = 1, padLeaf = new Uint8Array(32)) {
    const list: Uint8Array[] = [];
    for (let i = 0; i < leaves.length; i += 32) list.push(leaves.subarray(i, i + 32));
    return rootOf(list, minLeaves, padLeaf);
  },
};
