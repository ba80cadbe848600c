/** @module test/bitfield — bitfield kernels and availability vs naive JS, on odd lengths. */
import { describe, expect, it } from 'vitest';
import { createHasher, isHasherError } from '../src/index.js';
import { rng } from './helpers.js';

const bit = (b: Uint8Array, i: number): number => (b[i >> 3]! >> (7 - (i & 7))) & 1;
function randomBits(n: number, r: (n: number) => number, density: number): Uint8Array {
  const b = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (r(1000) < density * 1000) b[i >> 3]! |= 0x80 >> (i & 7);
  // garbage in the spare bits: kernels must ignore them
  if (n % 8) b[b.length - 1]! |= 0xff >> (n % 8);
  return b;
}
const LENGTHS = [1, 7, 9, 31, 33, 127, 129, 130, 257, 1000, 1025, 4093, 40_001, 70_001];

for (const simd of [true, false]) {
  describe(`bitfield kernels (${simd ? 'SIMD' : 'scalar'})`, async () => {
    const h = await createHasher({ simd });
    const r = rng(simd ? 5 : 6);

    it('popcount, andNot and nextSetBit equal naive JS; spare bits stay zero', () => {
      for (const n of LENGTHS) {
        for (const density of [0, 0.001, 0.5, 1]) {
          const a = randomBits(n, r, density), b = randomBits(n, r, 0.5);
          let pc = 0;
          for (let i = 0; i < n; i++) pc += bit(a, i);
          expect(h.popcount(a, n), `popcount n=${n}`).toBe(pc);
          const d = h.andNot(a, b, n);
          expect(d.length).toBe(Math.ceil(n / 8));
          const want = new Uint8Array(d.length);
          for (let i = 0; i < n; i++) if (bit(a, i) && !bit(b, i)) want[i >> 3]! |= 0x80 >> (i & 7);
          // equality of whole bytes also checks that the spare bits past n are zero
          expect(Array.from(d), `andNot n=${n}`).toEqual(Array.from(want));
          const into = new Uint8Array(d.length + 3).fill(0xee);
          expect(h.andNot(a, b, n, into)).toBe(into);
          expect(Array.from(into.subarray(0, d.length))).toEqual(Array.from(want));
          for (const from of [0, 1, 9, 70, n >> 1, n - 1, n, n + 5, r(n), r(n)]) {
            let want = -1;
            for (let i = from; i < n; i++) if (bit(a, i)) { want = i; break; }
            expect(h.nextSetBit(a, from, n), `next n=${n} from=${from}`).toBe(want);
          }
        }
      }
    });

    it('availability add/remove and pickRarest equal naive JS', () => {
      for (const n of LENGTHS) {
        const av = h.createAvailability(n);
        const counts = new Array<number>(n).fill(0);
        const peers = Array.from({ length: 6 }, () => randomBits(n, r, 0.4));
        for (const p of peers) { av.add(p); for (let i = 0; i < n; i++) counts[i] += bit(p, i); }
        av.remove(peers[2]!);
        for (let i = 0; i < n; i++) counts[i] -= bit(peers[2]!, i);
        expect(Array.from(av.counts()), `counts n=${n}`).toEqual(counts);
        expect(av.count(n - 1)).toBe(counts[n - 1]);
        for (const density of [0, 0.01, 0.5]) {
          const cand = randomBits(n, r, density);
          let best = -1;
          for (let i = 0; i < n; i++) if (bit(cand, i) && (best < 0 || counts[i]! < counts[best]!)) best = i;
          expect(av.pickRarest(cand), `rarest n=${n} density=${density}`).toBe(best);
        }
        av.dispose();
      }
    });

    it('counters saturate at 0 instead of wrapping', () => {
      const av = h.createAvailability(20);
      av.remove(new Uint8Array(3).fill(0xff));
      expect(Array.from(av.counts())).toEqual(new Array(20).fill(0));
      av.dispose();
      expect(() => av.count(0)).toThrow(expect.objectContaining({ code: 'HASHER_DISPOSED' }));
    });

    it('short bitfields are rejected with a typed error', () => {
      const code = (fn: () => unknown): string => { try { fn(); return 'none'; } catch (e) { return isHasherError(e) ? e.code : 'untyped'; } };
      expect(code(() => h.popcount(new Uint8Array(1), 9))).toBe('HASHER_INVALID_BITFIELD');
      expect(code(() => h.andNot(new Uint8Array(2), new Uint8Array(1), 16))).toBe('HASHER_INVALID_BITFIELD');
      expect(code(() => h.createAvailability(100).add(new Uint8Array(3)))).toBe('HASHER_INVALID_BITFIELD');
      expect(code(() => h.nextSetBit(new Uint8Array(2), -1, 16))).toBe('HASHER_INVALID_INPUT');
    });
  });
}
