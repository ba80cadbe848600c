/** @module swarm/peer-id — Azureus-style peer ids (`-SD0100-` + 12 random bytes). */

/** Client prefix: `-` + two-letter client code `SD` (Seedling) + 4-digit version `0100` + `-`. */
export const PEER_ID_PREFIX = '-SD0100-';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A fresh 20-byte peer id. The random part uses printable characters so the id reads well in
 * logs and tracker UIs (BEP 20 only fixes the prefix convention).
 */
export function generatePeerId(random: (n: number) => Uint8Array = randomBytes): Uint8Array {
  const id = new Uint8Array(20);
  for (let i = 0; i < PEER_ID_PREFIX.length; i++) id[i] = PEER_ID_PREFIX.charCodeAt(i);
  const rnd = random(20 - PEER_ID_PREFIX.length);
  for (let i = PEER_ID_PREFIX.length; i < 20; i++) {
    id[i] = ALPHABET.charCodeAt(rnd[i - PEER_ID_PREFIX.length]! % ALPHABET.length);
  }
  return id;
}

/** Cryptographic random bytes from Web Crypto (available in Node ≥ 19 and browsers). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** Printable form of a peer id for logs: the ASCII prefix plus hex of non-printable bytes. */
export function formatPeerId(id: Uint8Array): string {
  let out = '';
  for (const b of id) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}
