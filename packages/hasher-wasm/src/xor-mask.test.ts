import { describe, expect, it } from 'vitest';
import { maskInPlace, maskInPlaceJs, maskKernel } from './xor-mask.js';

/** Deterministic xorshift32. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** RFC 6455 §5.3 as written: octet i of the payload XOR octet (i mod 4) of the key. */
function reference(bytes: Uint8Array, key: Uint8Array, offset: number): void {
  for (let i = 0; i < bytes.length; i++) bytes[i]! ^= key[(offset + i) % 4]!;
}

const edgeLengths = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 511, 512, 513, 4099, 65535, 65536, 65537, 65539, 70000];

describe.each([
  ['maskInPlace', maskInPlace],
  ['maskInPlaceJs', maskInPlaceJs],
] as const)('%s', (_name, mask) => {
  it('equals the byte-by-byte reference for lengths 0..70000, every offset mod 4 and unaligned byteOffsets', () => {
    const next = rng(7);
    const lengths = [...edgeLengths, ...Array.from({ length: 24 }, () => next() % 70001)];
    // Distinct key bytes: a wrong rotation changes the output.
    const key = new Uint8Array([0x5a, 0xc3, 0x17, 0xe8]);
    const backing = new Uint8Array(70000 + 16);
    for (let i = 0; i < backing.length; i++) backing[i] = next() & 0xff;
    for (const n of lengths) {
      for (let offset = 0; offset < 8; offset++) {
        for (let byteOffset = 0; byteOffset < 4; byteOffset++) {
          const buf = backing.slice(); // the whole backing store: bytes outside the view must not change
          const view = buf.subarray(byteOffset + 4, byteOffset + 4 + n);
          const want = backing.slice();
          reference(want.subarray(byteOffset + 4, byteOffset + 4 + n), key, offset);
          mask(view, key, offset);
          if (Buffer.compare(buf, want) !== 0) {
            expect.fail(`mismatch: length ${n}, offset ${offset}, byteOffset ${byteOffset + 4}`);
          }
        }
      }
    }
  });

  it('masks a payload in parts split anywhere as it masks it whole, and unmasks it back', () => {
    const next = rng(11);
    for (let round = 0; round < 40; round++) {
      const n = next() % 300_000;
      const key = new Uint8Array([next() & 0xff, next() & 0xff, next() & 0xff, next() & 0xff]);
      const plain = new Uint8Array(n).map(() => next() & 0xff);
      const whole = plain.slice();
      reference(whole, key, 0);
      const parts = plain.slice();
      for (let at = 0; at < n; ) {
        const len = Math.min(n - at, 1 + (next() % 90_000));
        mask(parts.subarray(at, at + len), key, at);
        at += len;
      }
      expect(Buffer.compare(parts, whole)).toBe(0);
      mask(parts, key, 0);
      expect(Buffer.compare(parts, plain)).toBe(0);
    }
  });

  it('rotates the key by the offset (offset 1 differs from offset 0 and equals offset 5)', () => {
    const key = new Uint8Array([1, 2, 4, 8]);
    const a = new Uint8Array(4096), b = new Uint8Array(4096), c = new Uint8Array(4096);
    mask(a, key, 0);
    mask(b, key, 1);
    mask(c, key, 5);
    expect([...a.subarray(0, 4)]).toEqual([1, 2, 4, 8]);
    expect([...b.subarray(0, 8)]).toEqual([2, 4, 8, 1, 2, 4, 8, 1]);
    expect([...b.subarray(4088)]).toEqual([2, 4, 8, 1, 2, 4, 8, 1]);
    expect(Buffer.compare(b, c)).toBe(0);
  });
});

describe('maskInPlace', () => {
  it('runs the wasm SIMD kernel in Node', () => {
    expect(maskKernel()).toBe('wasm-simd');
  });

  it('refuses a key that is not 4 bytes and a bad offset, with HASHER_INVALID_INPUT', () => {
    expect(() => maskInPlace(new Uint8Array(8), new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'HASHER_INVALID_INPUT' }));
    expect(() => maskInPlace(new Uint8Array(8), new Uint8Array(4), -1)).toThrow(expect.objectContaining({ code: 'HASHER_INVALID_INPUT' }));
    expect(() => maskInPlace(new Uint8Array(8), new Uint8Array(4), 1.5)).toThrow(expect.objectContaining({ code: 'HASHER_INVALID_INPUT' }));
  });
});
