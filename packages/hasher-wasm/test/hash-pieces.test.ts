/** @module test/hash-pieces — the batch API vs node:crypto, SIMD lanes vs scalar, and bad input. */
import { describe, expect, it } from 'vitest';
import { createHasher, isHasherError } from '../src/index.js';
import { hex, randomBytes, refPieces } from './helpers.js';

const simdHasher = await createHasher({ simd: true });
const scalarHasher = await createHasher({ simd: false });
const data = randomBytes(20 * 1024 * 1024 + 1234, 5);

describe('hashPieces', () => {
  for (const alg of ['sha1', 'sha256'] as const) {
    for (const len of [1, 20, 55, 56, 64, 100, 16384, 262144, 1 << 20, (1 << 20) + 1, 3 << 20, 5 << 20]) {
      it(`${alg}, piece length ${len}, last piece short`, () => {
        const d = len < 1024 ? data.subarray(0, 50_003) : data;
        const want = hex(refPieces(alg, d, len));
        expect(hex(simdHasher.hashPieces(d, len, alg))).toBe(want);
        expect(hex(scalarHasher.hashPieces(d, len, alg))).toBe(want);
      });
    }
  }

  it('SIMD batch equals scalar for batch sizes 1, 3, 5, 17', () => {
    for (const alg of ['sha1', 'sha256'] as const) {
      for (const n of [1, 3, 5, 17]) {
        for (const len of [64, 1000, 16384, 1 << 20, (1 << 20) + 63]) {
          const d = data.subarray(7, 7 + n * len);
          const a = simdHasher.hashPieces(d, len, alg);
          expect(hex(a), `${alg} n=${n} len=${len}`).toBe(hex(scalarHasher.hashPieces(d, len, alg)));
          expect(a.length).toBe(n * (alg === 'sha1' ? 20 : 32));
          expect(hex(a)).toBe(hex(refPieces(alg, d, len)));
        }
      }
    }
  });

  it('empty data gives no digests', () => {
    expect(simdHasher.hashPieces(new Uint8Array(0), 16384, 'sha1').length).toBe(0);
  });

  it('bad input throws typed errors with stable codes', () => {
    const codeOf = (fn: () => unknown): string | undefined => {
      try { fn(); } catch (e) { return isHasherError(e) ? e.code : 'untyped'; }
      return undefined;
    };
    const d = new Uint8Array(10);
    expect(codeOf(() => simdHasher.hashPieces(d, 0, 'sha1'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(codeOf(() => simdHasher.hashPieces(d, -5, 'sha1'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(codeOf(() => simdHasher.hashPieces(d, 1.5, 'sha1'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(codeOf(() => simdHasher.hashPieces(d, Number.NaN, 'sha256'))).toBe('HASHER_INVALID_PIECE_LENGTH');
    expect(codeOf(() => simdHasher.hashPieces(d, 16, 'md5' as 'sha1'))).toBe('HASHER_INVALID_ALGORITHM');
    expect(codeOf(() => simdHasher.hashPieces('x' as unknown as Uint8Array, 16, 'sha1'))).toBe('HASHER_INVALID_INPUT');
    expect(codeOf(() => simdHasher.sha1(null as unknown as Uint8Array))).toBe('HASHER_INVALID_INPUT');
    const s = simdHasher.createSha1();
    s.digest();
    expect(codeOf(() => s.update(d))).toBe('HASHER_STREAM_FINISHED');
    expect(codeOf(() => s.digest())).toBe('HASHER_STREAM_FINISHED');
  });
});
