/**
 * @module tracker/compact-peers — compact peer lists: 6 bytes per IPv4 peer (BEP 23, `peers`)
 * and 18 bytes per IPv6 peer (BEP 7, `peers6`), address then port, both big-endian.
 */
import { TrackerError } from './errors.js';
import type { PeerAddress } from './types.js';

/** Decodes a compact list; a length that is not a multiple of the entry size is refused. */
export function decodeCompactPeers(bytes: Uint8Array, family: 4 | 6): PeerAddress[] {
  const size = family === 4 ? 6 : 18;
  if (bytes.length % size !== 0) {
    throw new TrackerError('TRACKER_BAD_RESPONSE', `compact peers${family === 6 ? '6' : ''} length ${bytes.length} is not a multiple of ${size}`);
  }
  const out: PeerAddress[] = [];
  for (let o = 0; o < bytes.length; o += size) {
    const port = ((bytes[o + size - 2] as number) << 8) | (bytes[o + size - 1] as number);
    if (port === 0) continue;
    const ip = family === 4 ? bytes.subarray(o, o + 4).join('.') : formatIpv6(bytes.subarray(o, o + 16));
    out.push({ ip, port, family });
  }
  return out;
}

/** Encodes peers into compact form (the inverse of {@link decodeCompactPeers}). */
export function encodeCompactPeers(peers: readonly { ip: Uint8Array; port: number }[]): Uint8Array {
  const size = peers.reduce((n, p) => n + p.ip.length + 2, 0);
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of peers) {
    out.set(p.ip, o);
    o += p.ip.length;
    out[o++] = p.port >> 8;
    out[o++] = p.port & 0xff;
  }
  return out;
}

/** RFC 5952 text of 16 address bytes (longest zero run compressed to `::`). */
export function formatIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] as number) << 8) | (b[i + 1] as number));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
