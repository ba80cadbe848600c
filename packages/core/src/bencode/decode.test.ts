import { describe, expect, it } from 'vitest';
import { utf8Bytes, utf8Text } from './bytes.js';
import { decode, decodeWithSpans } from './decode.js';
import { BencodeError, type BencodeErrorCode } from './errors.js';
import type { BencodeDict } from './types.js';

const b = (s: string): Uint8Array => utf8Bytes(s);

function codeOf(input: string | Uint8Array, opts?: Parameters<typeof decode>[1]): BencodeErrorCode | 'none' {
  try {
    decode(typeof input === 'string' ? b(input) : input, opts);
    return 'none';
  } catch (err) {
    expect(err).toBeInstanceOf(BencodeError);
    expect((err as BencodeError).name).toBe('BencodeError');
    return (err as BencodeError).code;
  }
}

describe('decode: golden vectors (BEP 3)', () => {
  it('decodes integers', () => {
    expect(decode(b('i42e'))).toBe(42);
    expect(decode(b('i0e'))).toBe(0);
    expect(decode(b('i-3e'))).toBe(-3);
    expect(decode(b('i9007199254740991e'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decode(b('i-9007199254740991e'))).toBe(-Number.MAX_SAFE_INTEGER);
  });
  it('decodes integers beyond 2^53 as bigint, or refuses them when asked', () => {
    expect(decode(b('i9007199254740992e'))).toBe(9007199254740992n);
    expect(decode(b('i-123456789012345678901234567890e'))).toBe(-123456789012345678901234567890n);
    expect(codeOf('i9007199254740992e', { bigint: 'reject' })).toBe('BENCODE_INTEGER_TOO_LARGE');
  });
  it('decodes strings as bytes', () => {
    expect(utf8Text(decode(b('4:spam')) as Uint8Array)).toBe('spam');
    expect(decode(b('0:'))).toEqual(new Uint8Array(0));
    const bin = decode(new Uint8Array([0x33, 0x3a, 0x00, 0xff, 0x80])) as Uint8Array;
    expect([...bin]).toEqual([0, 255, 128]);
  });
  it('decodes lists and dicts', () => {
    const list = decode(b('l4:spami42ee')) as unknown[];
    expect(list).toHaveLength(2);
    expect(utf8Text(list[0] as Uint8Array)).toBe('spam');
    expect(list[1]).toBe(42);
    const dict = decode(b('d3:bar4:spam3:fooi42ee')) as BencodeDict;
    expect([...dict.keys()]).toEqual(['bar', 'foo']);
    expect(dict.get('foo')).toBe(42);
    expect(decode(b('de'))).toEqual(new Map());
    expect(decode(b('le'))).toEqual([]);
  });
  it('keeps binary keys as binary strings sorted by raw bytes', () => {
    // keys 0x80 and 0x7f: raw-byte order puts 0x7f first.
    const input = new Uint8Array([...b('d1:'), 0x7f, ...b('i1e1:'), 0x80, ...b('i2ee')]);
    const dict = decode(input) as BencodeDict;
    expect([...dict.keys()]).toEqual(['\x7f', '\x80']);
  });
});

describe('decode: rejection rules', () => {
  const cases: [string, BencodeErrorCode][] = [
    ['i42ex', 'BENCODE_TRAILING_DATA'],
    ['4:spam4:eggs', 'BENCODE_TRAILING_DATA'],
    ['i042e', 'BENCODE_LEADING_ZERO'],
    ['i00e', 'BENCODE_LEADING_ZERO'],
    ['i-042e', 'BENCODE_LEADING_ZERO'],
    ['04:spam', 'BENCODE_LEADING_ZERO'],
    ['i-0e', 'BENCODE_NEGATIVE_ZERO'],
    ['ie', 'BENCODE_INVALID_INTEGER'],
    ['i-e', 'BENCODE_INVALID_INTEGER'],
    ['i1.5e', 'BENCODE_INVALID_INTEGER'],
    ['i+5e', 'BENCODE_INVALID_INTEGER'],
    ['di1ei2ee', 'BENCODE_NON_STRING_KEY'],
    ['dlei2ee', 'BENCODE_NON_STRING_KEY'],
    ['d3:fooi1e3:bari2ee', 'BENCODE_UNSORTED_KEYS'],
    ['d3:fooi1e3:fooi2ee', 'BENCODE_DUPLICATE_KEY'],
    ['', 'BENCODE_UNEXPECTED_END'],
    ['i42', 'BENCODE_UNEXPECTED_END'],
    ['5:spam', 'BENCODE_UNEXPECTED_END'],
    ['l4:spam', 'BENCODE_UNEXPECTED_END'],
    ['d3:foo', 'BENCODE_UNEXPECTED_END'],
    ['x', 'BENCODE_UNEXPECTED_BYTE'],
    ['4spam', 'BENCODE_INVALID_STRING_LENGTH'],
    ['9999999999999999:a', 'BENCODE_INVALID_STRING_LENGTH'],
    [`i${'1'.repeat(65)}e`, 'BENCODE_INTEGER_TOO_LARGE'],
  ];
  it.each(cases)('%j → %s', (input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('allows unsorted keys in the top-level dict only when lenient, and never duplicates', () => {
    expect(codeOf('d3:fooi1e3:bari2ee', { outerKeyOrder: 'lenient' })).toBe('none');
    expect(codeOf('d3:fooi1e3:bari2e3:fooi3ee', { outerKeyOrder: 'lenient' })).toBe('BENCODE_DUPLICATE_KEY');
    // Nested (e.g. the info dict) stays strict.
    expect(codeOf('d4:infod1:bi1e1:ai2eee', { outerKeyOrder: 'lenient' })).toBe('BENCODE_UNSORTED_KEYS');
  });

  it('enforces the depth limit', () => {
    const nest = (n: number): string => 'l'.repeat(n) + 'e'.repeat(n);
    expect(codeOf(nest(100))).toBe('none');
    expect(codeOf(nest(101))).toBe('BENCODE_TOO_DEEP');
    expect(codeOf(nest(5), { maxDepth: 4 })).toBe('BENCODE_TOO_DEEP');
    // Far deeper than the JS stack would allow without a limit.
    expect(codeOf(nest(200_000))).toBe('BENCODE_TOO_DEEP');
    // A caller asking for more than the stack can take still gets a typed error.
    expect(codeOf(nest(200_000), { maxDepth: 1e9 })).toBe('BENCODE_TOO_DEEP');
  });

  it('enforces the size limit', () => {
    expect(codeOf('4:spam', { maxSize: 5 })).toBe('BENCODE_TOO_LARGE');
    expect(codeOf('4:spam', { maxSize: 6 })).toBe('none');
  });

  it('reports the offset of the failure', () => {
    try {
      decode(b('l4:spami042ee'));
      expect.unreachable();
    } catch (err) {
      expect((err as BencodeError).offset).toBe(7);
    }
  });
});

describe('decodeWithSpans', () => {
  it('gives the exact byte span of each top-level value', () => {
    const input = b('d8:announce3:url4:infod4:name1:xe5:otheri1ee');
    const { spans } = decodeWithSpans(input);
    const info = spans.get('info')!;
    expect(utf8Text(input.subarray(info.start, info.end))).toBe('d4:name1:xe');
    const other = spans.get('other')!;
    expect(utf8Text(input.subarray(other.start, other.end))).toBe('i1e');
  });
  it('has no spans for nested dicts or non-dict values', () => {
    expect(decodeWithSpans(b('l d1:ai1ee e'.replace(/ /g, ''))).spans.size).toBe(0);
  });
});
