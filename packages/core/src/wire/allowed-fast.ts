/**
 * @module wire/allowed-fast — the canonical BEP 6 allowed-fast set: the pieces a peer at a
 * given IPv4 address may request from us while choked. Deterministic per (ip, info-hash), so
 * a peer cannot farm different sets by reconnecting.
 *
 * BEP 6: x = (ip & 0xFFFFFF00) ‖ infohash; repeat x = SHA1(x) and take each of its five
 * big-endian u32 words modulo the piece count, skipping duplicates, until k indices are found.
 */
import { WireProtocolError } from './errors.js';

/** A synchronous SHA-1 (injected: core has no crypto of its own on this path). */
export type Sha1 = (data: Uint8Array) => Uint8Array;

/** BEP 6 suggests k = 10 allowed-fast pieces. */
export const DEFAULT_ALLOWED_FAST_COUNT = 10;

/** Compute the allowed-fast set for `ipv4` (4 bytes) and a 20-byte `infoHash`. */
export function allowedFastSet(ipv4: Uint8Array, infoHash: Uint8Array, pieceCount: number, k: number, sha1: Sha1): number[] {
  if (ipv4.length !== 4 || infoHash.length !== 20) {
    throw new WireProtocolError('WIRE_BAD_LENGTH', 'allowed-fast needs a 4-byte IPv4 address and a 20-byte info-hash');
  }
  const want = Math.min(k, pieceCount);
  const out: number[] = [];
  let x: Uint8Array = new Uint8Array(24);
  x.set(ipv4.subarray(0, 3)); // the last octet is masked off: the set is per /24
  x.set(infoHash, 4);
  while (out.length < want) {
    x = sha1(x);
    const view = new DataView(x.buffer, x.byteOffset, 20);
    for (let i = 0; i < 5 && out.length < want; i++) {
      const index = view.getUint32(i * 4) % pieceCount;
      if (!out.includes(index)) out.push(index);
    }
  }
  return out;
}
