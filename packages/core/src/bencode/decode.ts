/** @module bencode/decode — strict bencode decoder (BEP 3) with limits and byte spans. */
import { bytesToBinary } from './bytes.js';
import { BencodeError } from './errors.js';
import type { BencodeDict, BencodeList, BencodeValue, ByteSpan } from './types.js';

/** Options of {@link decode} and {@link decodeWithSpans}. */
export interface DecodeOptions {
  /** Deepest nesting of lists/dicts accepted (default 100, as libtorrent; at most 1000). */
  readonly maxDepth?: number;
  /** Largest input accepted in bytes (default 64 MiB). */
  readonly maxSize?: number;
  /** Integers beyond ±2^53−1: `'allow'` (default) decodes them as bigint, `'reject'` throws. */
  readonly bigint?: 'allow' | 'reject';
  /**
   * Key order of the top-level dict only: `'strict'` (default) requires raw-byte sorted keys;
   * `'lenient'` accepts any order there (some real .torrent files have unsorted outer keys).
   * Nested dicts — the info dict in particular — are always strict. Duplicates are always refused.
   */
  readonly outerKeyOrder?: 'strict' | 'lenient';
}

/** A decoded value plus the exact byte span of each value of a top-level dict. */
export interface DecodeResult {
  readonly value: BencodeValue;
  /**
   * Spans of the top-level dict's values by key (binary string); empty if the value is not a
   * dict. The info-hash is the SHA-1 (v1) / SHA-256 (v2) of the `info` span (BEP 3, BEP 52).
   */
  readonly spans: ReadonlyMap<string, ByteSpan>;
}

/** Default maximum nesting depth. */
export const DEFAULT_MAX_DEPTH = 100;
/** Hard ceiling on `maxDepth`: the decoder recurses, and the JS stack must never overflow. */
export const MAX_SUPPORTED_DEPTH = 1000;
/** Default maximum input size (64 MiB). */
export const DEFAULT_MAX_SIZE = 64 * 1024 * 1024;

// Byte values used by the grammar.
const CH_I = 0x69; // 'i'
const CH_L = 0x6c; // 'l'
const CH_D = 0x64; // 'd'
const CH_E = 0x65; // 'e'
const CH_COLON = 0x3a;
const CH_MINUS = 0x2d;
const CH_0 = 0x30;
const CH_9 = 0x39;
/** Longest integer accepted as digits; beyond this even bigint makes no sense for a torrent. */
const MAX_INTEGER_DIGITS = 64;
/** A string length with more digits cannot fit any input we accept. */
const MAX_LENGTH_DIGITS = 15;

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= CH_0 && b <= CH_9;

class Decoder {
  pos = 0;
  readonly spans = new Map<string, ByteSpan>();

  constructor(
    readonly bytes: Uint8Array,
    readonly maxDepth: number,
    readonly allowBigint: boolean,
    readonly lenientOuter: boolean,
  ) {}

  fail(code: ConstructorParameters<typeof BencodeError>[0], message: string, at = this.pos): never {
    throw new BencodeError(code, message, at);
  }

  peek(): number {
    if (this.pos >= this.bytes.length) this.fail('BENCODE_UNEXPECTED_END', 'input ends inside a value');
    return this.bytes[this.pos]!;
  }

  value(depth: number): BencodeValue {
    const b = this.peek();
    if (b === CH_I) return this.integer();
    if (isDigit(b)) return this.string();
    if (b === CH_L || b === CH_D) {
      if (depth + 1 > this.maxDepth) this.fail('BENCODE_TOO_DEEP', `nesting deeper than ${this.maxDepth}`);
      return b === CH_L ? this.list(depth + 1) : this.dict(depth + 1);
    }
    return this.fail('BENCODE_UNEXPECTED_BYTE', `unexpected byte 0x${b.toString(16)}`);
  }

  integer(): number | bigint {
    const start = this.pos;
    this.pos++; // 'i'
    let negative = false;
    if (this.peek() === CH_MINUS) {
      negative = true;
      this.pos++;
    }
    const digitsStart = this.pos;
    while (isDigit(this.peek())) this.pos++;
    const digits = this.pos - digitsStart;
    if (this.peek() !== CH_E) this.fail('BENCODE_INVALID_INTEGER', 'integer has a non-digit');
    if (digits === 0) this.fail('BENCODE_INVALID_INTEGER', 'integer has no digits', start);
    if (this.bytes[digitsStart] === CH_0) {
      if (digits > 1) this.fail('BENCODE_LEADING_ZERO', 'integer has a leading zero', start);
      if (negative) this.fail('BENCODE_NEGATIVE_ZERO', 'integer is -0', start);
    }
    if (digits > MAX_INTEGER_DIGITS) this.fail('BENCODE_INTEGER_TOO_LARGE', 'integer has too many digits', start);
    let str = '';
    for (let i = digitsStart; i < this.pos; i++) str += String.fromCharCode(this.bytes[i]!);
    this.pos++; // 'e'
    if (digits <= 15) return negative ? -Number(str) : Number(str);
    const big = negative ? -BigInt(str) : BigInt(str);
    if (big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(big);
    if (!this.allowBigint) this.fail('BENCODE_INTEGER_TOO_LARGE', 'integer beyond 2^53', start);
    return big;
  }

  string(): Uint8Array {
    const start = this.pos;
    let length = 0;
    let digits = 0;
    while (isDigit(this.peek())) {
      length = length * 10 + (this.bytes[this.pos]! - CH_0);
      this.pos++;
      if (++digits > MAX_LENGTH_DIGITS) this.fail('BENCODE_INVALID_STRING_LENGTH', 'string length too long', start);
    }
    if (this.peek() !== CH_COLON) this.fail('BENCODE_INVALID_STRING_LENGTH', 'string length not followed by ":"');
    if (digits > 1 && this.bytes[start] === CH_0) this.fail('BENCODE_LEADING_ZERO', 'string length has a leading zero', start);
    this.pos++; // ':'
    if (length > this.bytes.length - this.pos) this.fail('BENCODE_UNEXPECTED_END', `string of ${length} bytes runs past the end`, start);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  list(depth: number): BencodeList {
    this.pos++; // 'l'
    const out: BencodeList = [];
    while (this.peek() !== CH_E) out.push(this.value(depth));
    this.pos++;
    return out;
  }

  dict(depth: number): BencodeDict {
    this.pos++; // 'd'
    const out: BencodeDict = new Map();
    const outer = depth === 1;
    let previous: string | null = null;
    while (this.peek() !== CH_E) {
      const keyAt = this.pos;
      if (!isDigit(this.peek())) this.fail('BENCODE_NON_STRING_KEY', 'dict key is not a byte string');
      const key = bytesToBinary(this.string());
      if (out.has(key)) this.fail('BENCODE_DUPLICATE_KEY', 'duplicate dict key', keyAt);
      if (previous !== null && key < previous && !(outer && this.lenientOuter)) {
        this.fail('BENCODE_UNSORTED_KEYS', 'dict keys not sorted by raw bytes', keyAt);
      }
      previous = key;
      const valueStart = this.pos;
      out.set(key, this.value(depth));
      if (outer) this.spans.set(key, { start: valueStart, end: this.pos });
    }
    this.pos++;
    return out;
  }
}

/**
 * Decodes one bencoded value that must span the whole input, keeping the byte span of every
 * top-level dict value (so callers can hash the exact `info` bytes).
 * @throws BencodeError on any malformed, non-canonical or over-limit input — and nothing else.
 */
export function decodeWithSpans(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  if (bytes.length > maxSize) throw new BencodeError('BENCODE_TOO_LARGE', `input of ${bytes.length} bytes exceeds ${maxSize}`);
  const decoder = new Decoder(
    bytes,
    Math.min(options.maxDepth ?? DEFAULT_MAX_DEPTH, MAX_SUPPORTED_DEPTH),
    (options.bigint ?? 'allow') === 'allow',
    options.outerKeyOrder === 'lenient',
  );
  const value = decoder.value(0);
  if (decoder.pos !== bytes.length) decoder.fail('BENCODE_TRAILING_DATA', 'data after the value');
  return { value, spans: decoder.spans };
}

/**
 * Decodes one bencoded value that must span the whole input. Byte strings are views into
 * `bytes` (copy them if the input buffer is reused).
 * @throws BencodeError on any malformed, non-canonical or over-limit input.
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = {}): BencodeValue {
  return decodeWithSpans(bytes, options).value;
}
