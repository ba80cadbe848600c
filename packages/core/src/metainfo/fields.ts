/** @module metainfo/fields — typed reads of bencoded dict fields with MetainfoError on mismatch. */
import { utf8Text } from '../bencode/bytes.js';
import type { BencodeDict, BencodeValue } from '../bencode/types.js';
import { MetainfoError } from './errors.js';

function describe(v: BencodeValue): string {
  if (v instanceof Uint8Array) return 'a byte string';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Map) return 'a dict';
  return 'an integer';
}

function missing(key: string, where: string): never {
  throw new MetainfoError('METAINFO_MISSING_FIELD', `${where} has no "${key}"`);
}

function invalid(key: string, where: string, expected: string, got: BencodeValue): never {
  throw new MetainfoError('METAINFO_INVALID_FIELD', `${where} "${key}" must be ${expected}, not ${describe(got)}`);
}

/** True when `v` is a bencode dict. */
export function isDict(v: BencodeValue | undefined): v is BencodeDict {
  return v instanceof Map;
}

/** A dict field; throws when present with another type (or missing and `required`). */
export function getDict(d: BencodeDict, key: string, where: string, required: true): BencodeDict;
export function getDict(d: BencodeDict, key: string, where: string, required?: false): BencodeDict | undefined;
export function getDict(d: BencodeDict, key: string, where: string, required = false): BencodeDict | undefined {
  const v = d.get(key);
  if (v === undefined) return required ? missing(key, where) : undefined;
  return v instanceof Map ? v : invalid(key, where, 'a dict', v);
}

/** A list field; throws when present with another type (or missing and `required`). */
export function getList(d: BencodeDict, key: string, where: string, required: true): BencodeValue[];
export function getList(d: BencodeDict, key: string, where: string, required?: false): BencodeValue[] | undefined;
export function getList(d: BencodeDict, key: string, where: string, required = false): BencodeValue[] | undefined {
  const v = d.get(key);
  if (v === undefined) return required ? missing(key, where) : undefined;
  return Array.isArray(v) ? v : invalid(key, where, 'a list', v);
}

/** A byte-string field; throws when present with another type (or missing and `required`). */
export function getBytes(d: BencodeDict, key: string, where: string, required: true): Uint8Array;
export function getBytes(d: BencodeDict, key: string, where: string, required?: false): Uint8Array | undefined;
export function getBytes(d: BencodeDict, key: string, where: string, required = false): Uint8Array | undefined {
  const v = d.get(key);
  if (v === undefined) return required ? missing(key, where) : undefined;
  return v instanceof Uint8Array ? v : invalid(key, where, 'a byte string', v);
}

/**
 * A non-negative integer field within Number.MAX_SAFE_INTEGER; bigint values (beyond 2^53)
 * raise METAINFO_TOO_LARGE.
 */
export function getSize(d: BencodeDict, key: string, where: string, required: true): number;
export function getSize(d: BencodeDict, key: string, where: string, required?: false): number | undefined;
export function getSize(d: BencodeDict, key: string, where: string, required = false): number | undefined {
  const v = d.get(key);
  if (v === undefined) return required ? missing(key, where) : undefined;
  if (typeof v === 'bigint') throw new MetainfoError('METAINFO_TOO_LARGE', `${where} "${key}" exceeds 2^53`);
  if (typeof v !== 'number') return invalid(key, where, 'an integer', v);
  if (v < 0) throw new MetainfoError('METAINFO_INVALID_FIELD', `${where} "${key}" is negative`);
  return v;
}

/**
 * A text field, preferring the `<key>.utf-8` variant some creators add; lenient UTF-8 decoding
 * (invalid bytes become U+FFFD) because old torrents carry legacy encodings.
 */
export function getText(d: BencodeDict, key: string, where: string, required: true): string;
export function getText(d: BencodeDict, key: string, where: string, required?: false): string | undefined;
export function getText(d: BencodeDict, key: string, where: string, required = false): string | undefined {
  const utf = d.get(`${key}.utf-8`);
  if (utf instanceof Uint8Array) return utf8Text(utf);
  const bytes = required ? getBytes(d, key, where, true) : getBytes(d, key, where);
  return bytes === undefined ? undefined : utf8Text(bytes);
}
