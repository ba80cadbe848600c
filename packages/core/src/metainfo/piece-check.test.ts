import { describe, expect, it } from 'vitest';
import { createTorrent } from './create-torrent.js';
import { MetainfoError } from './errors.js';
import { parseInfoDict } from './parse-info.js';
import { pieceCheck, verifyPiece } from './piece-check.js';
import { referenceHasher as hasher } from './test-hasher.node.js';
import { memorySource } from './test-fixtures.node.js';
import type { Metainfo } from './types.js';

const sizes = [100, 40_000, 0, 16_384, 70_001];
const contents = sizes.map((n, i) => new Uint8Array(n).map((_, j) => (j * 13 + i * 101) & 255));
const files = contents.map((d, i) => memorySource([`f${i}`], d));

/** The torrent byte space: every file at its offset, zeros elsewhere (pads, v2 alignment). */
function space(meta: Metainfo): Uint8Array {
  const out = new Uint8Array(meta.pieceCount * meta.pieceLength);
  meta.files.forEach((f) => {
    if (!f.pad) out.set(contents[Number(f.path.at(-1)!.slice(1))]!, f.offset);
  });
  return out;
}

describe('pieceCheck / verifyPiece', () => {
  it.each(['v1', 'v2', 'hybrid'] as const)('%s: every piece of the real data verifies, a flipped byte does not', async (version) => {
    // 64 KiB pieces: 4 leaves per piece, so layer entries (padded to 4 leaves) and single-piece
    // roots (not padded) differ — using the wrong one fails.
    for (const pieceLength of [16_384, 65_536]) {
      const { metainfo: meta } = await createTorrent(files, hasher, { version, name: 't', pieceLength });
      const bytes = space(meta);
      for (let i = 0; i < meta.pieceCount; i++) {
        const c = pieceCheck(meta, i);
        const data = bytes.slice(c.offset, c.offset + c.length);
        expect(verifyPiece(meta, i, data, hasher)).toBe(true);
        data[c.length - 1]! ^= 0xff;
        expect(verifyPiece(meta, i, data, hasher)).toBe(false);
        expect(verifyPiece(meta, i, data.subarray(1), hasher)).toBe(false);
      }
    }
  });

  it('pure v2 pieces map to their file; layers unknown after a magnet give null, not true', async () => {
    const { metainfo: full } = await createTorrent(files, hasher, { version: 'v2', name: 't', pieceLength: 16_384 });
    const meta = parseInfoDict(full.infoBytes, hasher); // no piece layers yet
    const bytes = space(meta);
    const results = Array.from({ length: meta.pieceCount }, (_, i) => {
      const c = pieceCheck(meta, i);
      return verifyPiece(meta, i, bytes.slice(c.offset, c.offset + c.length), hasher);
    });
    // f0: 1 piece (root known); f1: 3 pieces (layer unknown); f3: 1 piece; f4: 5 pieces (unknown).
    expect(results).toEqual([true, null, null, null, true, null, null, null, null, null]);
    const f1Last = pieceCheck(full, 3);
    expect([f1Last.offset, f1Last.length]).toEqual([16_384 * 3, 40_000 - 32_768]);
    const { metainfo: big } = await createTorrent(files, hasher, { version: 'v2', name: 't', pieceLength: 32_768 });
    expect([pieceCheck(big, 0).minLeaves, pieceCheck(big, 1).minLeaves]).toEqual([1, 2]); // f0 single piece; f1 layer
  });

  it('refuses piece indexes out of range', async () => {
    const { metainfo: meta } = await createTorrent(files, hasher, { version: 'hybrid', name: 't', pieceLength: 16_384 });
    for (const bad of [-1, meta.pieceCount, 1.5]) expect(() => pieceCheck(meta, bad)).toThrow(MetainfoError);
  });
});
