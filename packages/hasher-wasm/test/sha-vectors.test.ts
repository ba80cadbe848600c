/** @module test/sha-vectors — FIPS 180-4 / NIST example vectors on both builds. */
import { describe, expect, it } from 'vitest';
import { createHasher } from '../src/index.js';
import { hex } from './helpers.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const M448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const M896 = 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
const VECTORS: [string, Uint8Array, string, string][] = [
  ['empty', enc(''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', enc('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['448-bit', enc(M448), '84983e441c3bd26ebaae4aa1f95129e5e54670f1', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['896-bit', enc(M896), 'a49b2446a02c645bf419f995b67091253a04a259', 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'],
  ['million a', new Uint8Array(1_000_000).fill(0x61), '34aa973cd4c4daa4f61eeb2bdbad27316534016f', 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
];

for (const simd of [true, false]) {
  describe(`NIST vectors (${simd ? 'SIMD' : 'scalar fallback'} build)`, async () => {
    const h = await createHasher({ simd });
    it('loaded the requested build', () => expect(h.simd).toBe(simd));
    for (const [name, msg, s1, s256] of VECTORS) {
      it(`SHA-1 ${name}`, () => expect(hex(h.sha1(msg))).toBe(s1));
      it(`SHA-256 ${name}`, () => expect(hex(h.sha256(msg))).toBe(s256));
      it(`streamed SHA-1/SHA-256 ${name}`, () => {
        const a = h.createSha1(), b = h.createSha256();
        for (let o = 0; o < msg.length || o === 0; o += 777) { a.update(msg.subarray(o, o + 777)); b.update(msg.subarray(o, o + 777)); if (msg.length === 0) break; }
        expect(hex(a.digest())).toBe(s1);
        expect(hex(b.digest())).toBe(s256);
      });
    }
  });
}
