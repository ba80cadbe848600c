/** @module bencode/encode — canonical bencode encoder (BEP 3: dict keys sorted as raw bytes). */
import { utf8Bytes } from './bytes.js';
import { BencodeError } from './errors.js';
import type { BencodeInput } from './types.js';

/** Growable output buffer: avoids building many small arrays and concatenating them. */
class Writer {
  buf = new Uint8Array(256);
  length = 0;

  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
}

function isPlainObject(v: object): v is { readonly [key: string]: BencodeInput | undefined } {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function keyBytes(key: string, w: Writer): void {
  // Keys are binary strings (one char per byte); anything above 0xFF is a caller mistake.
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) > 0xff) {
      throw new BencodeError('BENCODE_INVALID_KEY', `dict key ${JSON.stringify(key)} is not a binary string (use textKey())`);
    }
  }
  w.ascii(`${key.length}:`);
  w.ascii(key);
}

function write(value: BencodeInput, w: Writer, depth: number): void {
  if (depth > 1000) throw new BencodeError('BENCODE_TOO_DEEP', 'value nested deeper than 1000 (cycle?)');
  if (value instanceof Uint8Array) {
    w.ascii(`${value.length}:`);
    w.bytes(value);
  } else if (typeof value === 'string') {
    write(utf8Bytes(value), w, depth);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new BencodeError('BENCODE_INVALID_VALUE', `${value} is not a safe integer (use bigint)`);
    }
    w.ascii(`i${value === 0 ? 0 : value}e`); // `0` avoids "-0" for negative zero
  } else if (typeof value === 'bigint') {
    w.ascii(`i${value.toString()}e`);
  } else if (Array.isArray(value)) {
    w.ascii('l');
    for (const item of value as readonly BencodeInput[]) write(item, w, depth + 1);
    w.ascii('e');
  } else if (value instanceof Map || (typeof value === 'object' && value !== null && isPlainObject(value))) {
    const entries: [string, BencodeInput][] = [];
    const source = value instanceof Map ? value.entries() : Object.entries(value);
    for (const [k, v] of source as Iterable<[string, BencodeInput | undefined]>) if (v !== undefined) entries.push([k, v]);
    // JS string order on binary strings is raw-byte order.
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    w.ascii('d');
    for (const [k, v] of entries) {
      keyBytes(k, w);
      write(v, w, depth + 1);
    }
    w.ascii('e');
  } else {
    throw new BencodeError('BENCODE_INVALID_VALUE', `cannot bencode a value of type ${value === null ? 'null' : typeof value}`);
  }
}

/**
 * Encodes a value canonically: dict keys sorted by raw bytes, integers without leading zeros,
 * `undefined` dict values omitted, JS strings as UTF-8. Canonical output is what makes the
 * info-hash of a created torrent reproducible (BEP 3, BEP 52).
 * @throws BencodeError (`BENCODE_INVALID_VALUE`, `BENCODE_INVALID_KEY`) for unencodable values.
 */
export function encode(value: BencodeInput): Uint8Array {
  const w = new Writer();
  write(value, w, 0);
  return w.buf.slice(0, w.length);
}
