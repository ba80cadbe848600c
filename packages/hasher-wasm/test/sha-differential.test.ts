/** @module test/sha-differential — every length 0..1100 and random lengths up to 5 MiB vs node:crypto. */
import { describe, expect, it } from 'vitest';
import { createHasher } from '../src/index.js';
import { hex, randomBytes, ref, rng } from './helpers.js';

for (const simd of [true, false]) {
  describe(`differential vs node:crypto (${simd ? 'SIMD' : 'scalar'})`, async () => {
    const h = await createHasher({ simd });
    const data = randomBytes(5 * 1024 * 1024 + 17, simd ? 3 : 4);

    it('every length 0..1100', () => {
      for (let n = 0; n <= 1100; n++) {
        const d = data.subarray(n, n + n);
        expect(hex(h.sha1(d)), `sha1 len ${n}`).toBe(hex(ref('sha1', d)));
        expect(hex(h.sha256(d)), `sha256 len ${n}`).toBe(hex(ref('sha256', d)));
      }
    });

    it('random lengths up to 5 MiB, at unaligned offsets', () => {
      const r = rng(simd ? 11 : 12);
      for (let i = 0; i < 6; i++) {
        const len = r(5 * 1024 * 1024), off = r(17);
        const d = data.subarray(off, off + len);
        expect(hex(h.sha1(d)), `sha1 len ${len}`).toBe(hex(ref('sha1', d)));
        expect(hex(h.sha256(d)), `sha256 len ${len}`).toBe(hex(ref('sha256', d)));
      }
    });

    it('streaming with random split points equals one-shot', () => {
      const r = rng(99);
      for (let round = 0; round < 20; round++) {
        const len = round < 10 ? r(5000) : r(9 * 1024 * 1024 >> 1);
        const d = data.subarray(0, len);
        for (const alg of ['sha1', 'sha256'] as const) {
          const s = alg === 'sha1' ? h.createSha1() : h.createSha256();
          // interleave a second stream to prove contexts do not bleed into each other
          const other = h.createSha256().update(data.subarray(0, 100));
          for (let o = 0; o < len;) {
            const step = 1 + r(round < 10 ? 200 : 70000);
            s.update(d.subarray(o, o + step));
            o += step;
          }
          expect(hex(s.digest()), `${alg} len ${len}`).toBe(hex(ref(alg, d)));
          expect(hex(other.digest())).toBe(hex(ref('sha256', data.subarray(0, 100))));
        }
      }
    });
  });
}
