/**
 * @module wire/hash-messages — BEP 52 hash request (21), hashes (22) and hash reject (23).
 *
 * All three start with the same 48 bytes after the id:
 * `<pieces root:32><base layer:u32><index:u32><length:u32><proof layers:u32>`;
 * `hashes` then carries the hashes, 32 bytes each: `length` base-layer hashes followed by the
 * uncle hashes of the proof layers.
 */
import { WireProtocolError } from './errors.js';
import type { HashRequestFields } from './messages.js';

/** SHA-256 digest length used by BEP 52 merkle trees. */
export const HASH_LENGTH = 32;
/** Bytes of the shared fields after the message id. */
export const HASH_FIELDS_LENGTH = HASH_LENGTH + 16;

/** Write the shared fields into `out` at `offset`. */
export function writeHashFields(out: Uint8Array, offset: number, f: HashRequestFields): void {
  if (f.piecesRoot.length !== HASH_LENGTH) {
    throw new WireProtocolError('WIRE_BAD_LENGTH', `pieces root must be ${HASH_LENGTH} bytes`);
  }
  out.set(f.piecesRoot, offset);
  const view = new DataView(out.buffer, out.byteOffset + offset + HASH_LENGTH, 16);
  view.setUint32(0, f.baseLayer);
  view.setUint32(4, f.index);
  view.setUint32(8, f.length);
  view.setUint32(12, f.proofLayers);
}

/** Read the shared fields from `payload` (the bytes after the id); copies the root. */
export function readHashFields(payload: Uint8Array): HashRequestFields {
  if (payload.length < HASH_FIELDS_LENGTH) {
    throw new WireProtocolError('WIRE_BAD_LENGTH', `BEP 52 hash message shorter than ${HASH_FIELDS_LENGTH} bytes`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset + HASH_LENGTH, 16);
  return {
    piecesRoot: payload.slice(0, HASH_LENGTH),
    baseLayer: view.getUint32(0),
    index: view.getUint32(4),
    length: view.getUint32(8),
    proofLayers: view.getUint32(12),
  };
}

/**
 * Check a request/reject's counts against our limit (a request for more hashes than we will
 * ever send back is a peer asking us to do unbounded work).
 */
export function checkHashRequest(f: HashRequestFields, maxHashesCount: number): void {
  if (f.length === 0 || f.length > maxHashesCount || f.proofLayers > 32 || f.baseLayer > 32) {
    throw new WireProtocolError('WIRE_BAD_REQUEST', 'BEP 52 hash request out of bounds');
  }
}

/** Split a `hashes` payload of 32-byte digests into subarray views. */
export function splitHashes(hashes: Uint8Array): Uint8Array[] {
  if (hashes.length % HASH_LENGTH !== 0) {
    throw new WireProtocolError('WIRE_BAD_LENGTH', 'hashes payload is not a multiple of 32 bytes');
  }
  const out: Uint8Array[] = [];
  for (let o = 0; o < hashes.length; o += HASH_LENGTH) out.push(hashes.subarray(o, o + HASH_LENGTH));
  return out;
}
