/** @module bencode/bytes — text, hex and binary-string helpers for byte strings. */

const encoder = new TextEncoder();
const lenientDecoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes text as UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 bytes to text. With `strict`, invalid UTF-8 returns `null`; otherwise invalid
 * sequences become U+FFFD (many old torrents carry non-UTF-8 names).
 */
export function utf8Text(bytes: Uint8Array, strict: true): string | null;
export function utf8Text(bytes: Uint8Array, strict?: false): string;
export function utf8Text(bytes: Uint8Array, strict = false): string | null {
  if (!strict) return lenientDecoder.decode(bytes);
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Converts bytes to a binary string (one char per byte), the dict-key form. */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  // Chunked to keep String.fromCharCode's argument count bounded.
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** Converts a binary string (chars 0–255) back to bytes; returns null if a char exceeds 255. */
export function binaryToBytes(binary: string): Uint8Array | null {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return out;
}

/** The dict key (binary string) of a UTF-8 text key, e.g. a v2 `file tree` path element. */
export function textKey(key: string): string {
  return bytesToBinary(utf8Bytes(key));
}

/** The UTF-8 text of a dict key (binary string); invalid UTF-8 becomes U+FFFD. */
export function keyText(key: string): string {
  return utf8Text(binaryToBytes(key) ?? new Uint8Array(0));
}

const HEX = '0123456789abcdef';

/** Lowercase hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

/** Bytes of a hex string (either case); null when it is not valid hex of even length. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** True when both byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
