/**
 * @module http/query — parses a tracker query string keeping binary values intact. BEP 3 sends
 * info_hash and peer_id as 20 raw bytes, URL-encoded; URLSearchParams would decode them as
 * UTF-8 and corrupt them, so values here are binary strings (one char per byte).
 */

/** Max query parameters read from one request (a hard limit on hostile URLs). */
export const MAX_QUERY_PARAMS = 256;

/** Parameter name → every value given (binary strings). */
export type BinaryQuery = Map<string, string[]>;

/** Parses the query part of `url` (everything after the first `?`). */
export function parseBinaryQuery(url: string): BinaryQuery {
  const out: BinaryQuery = new Map();
  const q = url.indexOf('?');
  if (q < 0) return out;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  let count = 0;
  for (const part of query.split('&')) {
    if (part === '') continue;
    if (++count > MAX_QUERY_PARAMS) break;
    const eq = part.indexOf('=');
    const key = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1));
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** Decodes %XX escapes (and `+` as space) into a binary string; bad escapes stay literal. */
export function percentDecode(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b) out += ' ';
    else out += s[i];
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** First value of a parameter, if any. */
export function first(q: BinaryQuery, key: string): string | undefined {
  return q.get(key)?.[0];
}
