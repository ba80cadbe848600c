/**
 * @module helpers/bencode — canonical bencode (BEP 3: dictionary keys sorted as raw strings) of
 * plain JS values, for the hand-made hostile torrents of the e2e and hostile suites. Strings
 * are Latin-1 bytes, so a test can put any byte in a key or path; encode the result with
 * `Buffer.from(text, 'latin1')`. Deliberately independent of `@seedling/core`'s encoder, so a
 * bug there cannot hide in the torrents that test it.
 */

/** The bencoding of `v` (integers, strings, arrays, plain objects) as a Latin-1 string. */
export function bencode(v: unknown): string {
  if (typeof v === 'number') return `i${v}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v, 'latin1')}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  const o = v as Record<string, unknown>;
  return `d${Object.keys(o).sort().map((k) => bencode(k) + bencode(o[k])).join('')}e`;
}
