/**
 * @module wire/bencode-dict — reading the small bencoded dicts of BEP 10/9/11 payloads with the
 * shared strict decoder (../bencode), mapping its errors to `WIRE_BAD_EXTENDED`.
 */
import { BencodeError, decode, keyText, type BencodeDict, type BencodeValue } from '../bencode/index.js';
import { WireProtocolError } from './errors.js';

/** Extension dicts are shallow; deeper nesting is refused rather than walked. */
const MAX_DEPTH = 16;

/**
 * Decode `bytes` as one top-level dict. With `allowTrailing`, bytes after the dict are allowed
 * (BEP 9 `data` messages append the raw piece) and the dict's end offset is returned.
 */
export function decodeDict(bytes: Uint8Array, maxSize: number, allowTrailing = false): { dict: BencodeDict; end: number } {
  let value: BencodeValue;
  let end = bytes.length;
  try {
    value = decode(bytes, { maxSize, maxDepth: MAX_DEPTH, outerKeyOrder: 'lenient' });
  } catch (err) {
    const trailing = allowTrailing && err instanceof BencodeError && err.code === 'BENCODE_TRAILING_DATA' && err.offset > 0;
    if (!trailing) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'malformed bencoded extension payload', { cause: err });
    // The strict decoder reports where the first value ended; decode exactly that prefix.
    end = err.offset;
    return decodeDict(bytes.subarray(0, end), maxSize, false);
  }
  if (!(value instanceof Map)) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'extension payload is not a dict');
  return { dict: value, end };
}

/** A non-negative safe integer value of `key`, or undefined when absent or not such an integer. */
export function intField(dict: BencodeDict, key: string): number | undefined {
  const v = dict.get(key);
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/** A byte-string value of `key`, or undefined. */
export function bytesField(dict: BencodeDict, key: string): Uint8Array | undefined {
  const v = dict.get(key);
  return v instanceof Uint8Array ? v : undefined;
}

/** A nested dict value of `key`, or undefined. */
export function dictField(dict: BencodeDict, key: string): BencodeDict | undefined {
  const v = dict.get(key);
  return v instanceof Map ? v : undefined;
}

/** The UTF-8 text of a dict key (keys are binary strings in the bencode value model). */
export function keyName(key: string): string {
  return keyText(key);
}
