import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryToBytes, textKey, utf8Bytes, utf8Text } from './bytes.js';
import { decode } from './decode.js';
import { encode } from './encode.js';
import { BencodeError } from './errors.js';
import type { BencodeValue } from './types.js';

const s = (bytes: Uint8Array): string => utf8Text(bytes);

describe('encode', () => {
  it('encodes golden vectors', () => {
    expect(s(encode(42))).toBe('i42e');
    expect(s(encode(-7))).toBe('i-7e');
    expect(s(encode(-0))).toBe('i0e');
    expect(s(encode(2n ** 64n))).toBe('i18446744073709551616e');
    expect(s(encode('spam'))).toBe('4:spam');
    expect(s(encode('é'))).toBe('2:é');
    expect(s(encode(['spam', 42]))).toBe('l4:spami42ee');
    expect(s(encode({ foo: 42, bar: 'spam' }))).toBe('d3:bar4:spam3:fooi42ee');
    expect(s(encode(new Map([['b', 1], ['a', 2]])))).toBe('d1:ai2e1:bi1ee');
    expect(s(encode({ a: undefined, b: 1 }))).toBe('d1:bi1ee');
  });
  it('sorts keys by raw bytes, not by UTF-16 or locale', () => {
    const out = encode({ [textKey('é')]: 1, z: 2, Z: 3 });
    // 'Z' (0x5a) < 'z' (0x7a) < 'é' (0xc3 0xa9)
    expect([...out]).toEqual([...utf8Bytes('d1:Zi3e1:zi2e2:'), 0xc3, 0xa9, ...utf8Bytes('i1ee')]);
  });
  it('refuses values it cannot encode', () => {
    for (const bad of [1.5, Number.NaN, 2 ** 60, null, true, { k: null }, { ['\u0100']: 1 }]) {
      expect(() => encode(bad as never)).toThrow(BencodeError);
    }
    try {
      encode({ ['\u0100']: 1 });
    } catch (err) {
      expect((err as BencodeError).code).toBe('BENCODE_INVALID_KEY');
    }
  });
});

// Arbitrary canonical values: the decoder's own output shape.
const bencodeValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 40 }),
    fc.maxSafeInteger(),
    fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }).filter((n) => n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .array(fc.tuple(fc.uint8Array({ maxLength: 8 }), tie('value')), { maxLength: 5 })
      .map((entries) => new Map(entries.map(([k, v]) => [String.fromCharCode(...k), v]))),
  ),
})).value;

describe('properties', () => {
  it('decode(encode(v)) equals v, and encode(decode(x)) === x for canonical x', () => {
    fc.assert(
      fc.property(bencodeValue, (v) => {
        const bytes = encode(v);
        const back = decode(bytes);
        expect(back).toEqual(v);
        expect(encode(back)).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but BencodeError on random bytes', () => {
    const alphabet = fc.constantFrom(...utf8Bytes('0123456789:ildex-'));
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.array(alphabet, { maxLength: 64 }).map((a) => new Uint8Array(a)));
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          const v = decode(bytes);
          // Whatever decodes is canonical: re-encoding gives back the same bytes.
          expect(encode(v)).toEqual(bytes);
        } catch (err) {
          if (!(err instanceof BencodeError)) throw err;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid encodings either decode canonically or raise BencodeError', () => {
    fc.assert(
      fc.property(bencodeValue, fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, byte) => {
        const bytes = encode(v);
        bytes[at % bytes.length] = byte;
        try {
          expect(encode(decode(bytes))).toEqual(bytes);
        } catch (err) {
          if (!(err instanceof BencodeError)) throw err;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('bytes helpers', () => {
  it('binary strings round-trip every byte', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(binaryToBytes(String.fromCharCode(...all))).toEqual(all);
    expect(binaryToBytes('\u0100')).toBeNull();
  });
});
