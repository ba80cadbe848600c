import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskWebSocketPayload, webSocketMaskKernel } from './ws-mask.js';

/** RFC 6455 §5.3 as written: octet i of the payload XOR octet (i mod 4) of the key. */
function reference(bytes: Uint8Array, key: Uint8Array, offset: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) out[i]! ^= key[(offset + i) % 4]!;
  return out;
}

describe('maskWebSocketPayload', () => {
  it('runs without a native addon: the wasm SIMD kernel', () => {
    expect(webSocketMaskKernel()).toBe('wasm-simd');
  });

  it('matches the byte-by-byte reference on pooled Buffers (any byteOffset), lengths 0..70000, every offset mod 4', () => {
    const key = Buffer.from([0x9e, 0x37, 0x79, 0xb9]); // distinct bytes: a wrong rotation shows
    const lengths = [0, 1, 3, 5, 63, 64, 65, 1023, 1024, 1025, 16_384, 65_535, 65_536, 65_537, 70_000];
    for (let r = 0; r < 20; r++) lengths.push(randomBytes(4).readUInt32LE(0) % 70_001);
    for (const n of lengths) {
      for (let offset = 0; offset < 4; offset++) {
        for (let shift = 0; shift < 4; shift++) {
          const backing = randomBytes(n + 8);
          const part = backing.subarray(shift, shift + n);
          const before = Buffer.from(backing);
          const want = reference(part, key, offset + 4 * shift);
          maskWebSocketPayload(part, key, offset + 4 * shift);
          expect(part.equals(want), `length ${n}, offset ${offset}, byteOffset ${part.byteOffset}`).toBe(true);
          expect(backing.subarray(0, shift).equals(before.subarray(0, shift))).toBe(true);
          expect(backing.subarray(shift + n).equals(before.subarray(shift + n))).toBe(true);
        }
      }
    }
  });

  it('masks a frame payload handed over in parts as the parts of one payload (the tunnel wire and the relay parser do)', () => {
    const key = Buffer.from([1, 2, 3, 4]);
    const payload = randomBytes(262_144 + 7);
    const want = reference(payload, key, 0);
    const got = Buffer.from(payload);
    for (const [a, b] of [[0, 5], [5, 16_389], [16_389, 200_001], [200_001, payload.length]] as const) {
      maskWebSocketPayload(got.subarray(a, b), key, a);
    }
    expect(got.equals(want)).toBe(true);
  });
});
