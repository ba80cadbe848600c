/** @module test/merkle — BEP 52 roots and piece layers vs a reference built here with node:crypto. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, isHasherError } from '../src/index.js';
import { hex, randomBytes } from './helpers.js';

const B = 16384;
const sha = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());

/** Naive reference: full padded leaf list, pairwise up to the root. */
function refRootOfLeaves(leaves: Uint8Array[], minLeaves = 1, pad = new Uint8Array(32)): Uint8Array {
  let width = 1;
  while (width < Math.max(leaves.length, minLeaves)) width *= 2;
  let layer = [...leaves];
  while (layer.length < width) layer.push(pad);
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(sha(new Uint8Array([...layer[i]!, ...layer[i + 1]!])));
    layer = next;
  }
  return layer[0]!;
}
function refRoot(data: Uint8Array, minLeaves = 1): Uint8Array {
  const leaves: Uint8Array[] = [];
  for (let o = 0; o < data.length; o += B) leaves.push(sha(data.subarray(o, o + B)));
  return refRootOfLeaves(leaves, minLeaves);
}

const data = randomBytes(B * 37 + 999, 21);

for (const simd of [true, false]) {
  describe(`merkle (${simd ? 'SIMD' : 'scalar'})`, async () => {
    const h = await createHasher({ simd });
    const cases: [string, number, number][] = [
      ['shorter than one block', 1000, 1], ['exactly one block', B, 1], ['two blocks', 2 * B, 1],
      ['three blocks (non power of two)', 3 * B, 1], ['5 blocks and a bit', 5 * B + 7, 1],
      ['37 blocks and a bit', data.length, 1], ['one block, minLeaves 16', 100, 16],
      ['3 blocks, minLeaves 5 (→ 8)', 3 * B, 5], ['9 blocks, minLeaves 4 (data wins)', 9 * B, 4],
    ];
    for (const [name, len, min] of cases) {
      it(name, () => expect(hex(h.merkleRoot(data.subarray(0, len), min))).toBe(hex(refRoot(data.subarray(0, len), min))));
    }

    it('merkleRootOfLeaves with a custom padLeaf and minLeaves', () => {
      const leaves = [0, 1, 2, 3, 4].map((i) => sha(new Uint8Array([i])));
      const pad = sha(new Uint8Array([9, 9]));
      const cat = new Uint8Array(leaves.length * 32);
      leaves.forEach((l, i) => cat.set(l, i * 32));
      expect(hex(h.merkleRootOfLeaves(cat, 1, pad))).toBe(hex(refRootOfLeaves(leaves, 1, pad)));
      expect(hex(h.merkleRootOfLeaves(cat, 32, pad))).toBe(hex(refRootOfLeaves(leaves, 32, pad)));
      expect(hex(h.merkleRootOfLeaves(cat))).toBe(hex(refRootOfLeaves(leaves)));
      expect(hex(h.merkleRootOfLeaves(cat.subarray(0, 32)))).toBe(hex(leaves[0]!));
    });

    it('piece layer: per-piece subtree roots, the last padded to a full piece', () => {
      const pieceLength = 4 * B;
      const layer = h.pieceLayer(data, pieceLength);
      const n = Math.ceil(data.length / pieceLength);
      expect(layer.length).toBe(n * 32);
      for (let i = 0; i < n; i++) {
        const want = refRoot(data.subarray(i * pieceLength, (i + 1) * pieceLength), 4);
        expect(hex(layer.subarray(i * 32, i * 32 + 32)), `piece ${i}`).toBe(hex(want));
      }
      // the file root equals the root over the piece layer padded with the root of an all-zero piece subtree
      const zeroPieceRoot = refRootOfLeaves([], 4);
      expect(hex(h.merkleRootOfLeaves(layer, 1, zeroPieceRoot))).toBe(hex(refRoot(data)));
    });

    it('bad input throws typed errors', () => {
      const code = (fn: () => unknown): string => { try { fn(); return 'none'; } catch (e) { return isHasherError(e) ? e.code : 'untyped'; } };
      expect(code(() => h.merkleRoot(new Uint8Array(0)))).toBe('HASHER_EMPTY_INPUT');
      expect(code(() => h.merkleRoot(data, 0))).toBe('HASHER_INVALID_INPUT');
      expect(code(() => h.merkleRootOfLeaves(new Uint8Array(33)))).toBe('HASHER_INVALID_LEAVES');
      expect(code(() => h.merkleRootOfLeaves(new Uint8Array(0)))).toBe('HASHER_INVALID_LEAVES');
      expect(code(() => h.merkleRootOfLeaves(new Uint8Array(32), 1, new Uint8Array(31)))).toBe('HASHER_INVALID_LEAVES');
      expect(code(() => h.pieceLayer(data, 3 * B))).toBe('HASHER_INVALID_PIECE_LENGTH');
      expect(code(() => h.pieceLayer(data, 8192))).toBe('HASHER_INVALID_PIECE_LENGTH');
    });
  });
}
