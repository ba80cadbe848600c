/**
 * @module tunnel/record — framing of the end-to-end layer inside a circuit.
 *
 * Each binary WebSocket message carries one or more records:
 * ```
 * record = type (u8) | body length (u24, big-endian) | body
 * ```
 * HELLO bodies are plaintext key offers. Every other body is AES-256-GCM ciphertext + 16-byte
 * tag, with the 4-byte header as additional data and a 12-byte nonce built from a per-direction
 * record counter (4 zero bytes | u64 big-endian counter), so a record cannot be replayed,
 * reordered, retyped or truncated without failing authentication.
 */
import { TunnelError } from './errors.js';

/** Record types. DATA/WINDOW/FIN bodies are encrypted; HELLO is the plaintext handshake. */
export const RecordType = { DATA: 0x01, WINDOW: 0x02, FIN: 0x03, HELLO: 0x10 } as const;
/** A value of {@link RecordType}. */
export type RecordTypeId = (typeof RecordType)[keyof typeof RecordType];

/** Bytes of the record header. */
export const RECORD_HEADER_BYTES = 4;
/** Bytes of the AES-GCM tag appended to every encrypted body. */
export const GCM_TAG_BYTES = 16;
/** Largest DATA plaintext in one record that every peer accepts (64 KiB, protocol v1). */
export const MAX_RECORD_PLAINTEXT = 64 * 1024;
/** Largest record body every peer accepts. */
export const MAX_RECORD_BODY = MAX_RECORD_PLAINTEXT + GCM_TAG_BYTES;
/**
 * Largest DATA plaintext this implementation accepts (1 MiB since session 6; 256 KiB before),
 * announced in its HELLO. A peer sends records this large only to a peer that announced it, and
 * never larger than fits one message (the relay's frame limit, 1 MiB + 1 KiB by default): per-record
 * costs (cipher setup, tag, framing, one delivery each) are a quarter of 256 KiB records', and a
 * 1 MiB message is one record. Measured in the tunnel bench (tunnel rounds, three alternations,
 * load 9–17, docs/tunnel.md): 2.9–3.46 against 3.0–4.25 ms/MiB over the three processes.
 */
export const LARGE_RECORD_PLAINTEXT = 1024 * 1024;
/** Largest plaintext the u24 body length can carry. */
export const MAX_ENCODABLE_PLAINTEXT = 0xff_ffff - GCM_TAG_BYTES;

/** One parsed record; `header` and `body` are views into the received message. */
export interface TunnelRecord {
  type: RecordTypeId;
  header: Uint8Array;
  body: Uint8Array;
}

const TYPES = new Set<number>(Object.values(RecordType));

/** Writes a record header for `type` and `bodyLength` at `out[offset]`. */
export function writeRecordHeader(out: Uint8Array, offset: number, type: RecordTypeId, bodyLength: number): void {
  out[offset] = type;
  out[offset + 1] = (bodyLength >>> 16) & 0xff;
  out[offset + 2] = (bodyLength >>> 8) & 0xff;
  out[offset + 3] = bodyLength & 0xff;
}

/**
 * Checks a received record header (type known, body within `maxBody`, an encrypted body at least
 * its tag); returns the body length. Throws PROTOCOL_ERROR.
 */
export function checkRecordHeader(header: Uint8Array, maxBody: number): number {
  const type = header[0]!;
  const len = (header[1]! << 16) | (header[2]! << 8) | header[3]!;
  if (!TYPES.has(type)) throw new TunnelError('PROTOCOL_ERROR', `unknown record type ${type}`);
  if (len > maxBody) throw new TunnelError('PROTOCOL_ERROR', `record of ${len} bytes exceeds ${maxBody}`);
  if (type !== RecordType.HELLO && len < GCM_TAG_BYTES) throw new TunnelError('PROTOCOL_ERROR', 'record shorter than its tag');
  return len;
}

/** Splits a received message into records (bodies up to `maxBody`); throws PROTOCOL_ERROR on bad framing or sizes. */
export function parseRecords(msg: Uint8Array, maxBody: number = MAX_RECORD_BODY): TunnelRecord[] {
  const out: TunnelRecord[] = [];
  let o = 0;
  while (o < msg.length) {
    if (o + RECORD_HEADER_BYTES > msg.length) throw new TunnelError('PROTOCOL_ERROR', 'truncated record header');
    const type = msg[o]!;
    const len = checkRecordHeader(msg.subarray(o, o + RECORD_HEADER_BYTES), maxBody);
    const end = o + RECORD_HEADER_BYTES + len;
    if (end > msg.length) throw new TunnelError('PROTOCOL_ERROR', 'record body is truncated');
    out.push({ type: type as RecordTypeId, header: msg.subarray(o, o + RECORD_HEADER_BYTES), body: msg.subarray(o + RECORD_HEADER_BYTES, end) });
    o = end;
  }
  return out;
}

/** Joins pieces into one buffer (a single piece is returned as is, not copied). */
export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  let n = 0;
  for (const p of pieces) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of pieces) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}

/** The 12-byte AES-GCM nonce of record number `counter` (0 ≤ counter < 2^53). */
export function recordNonce(counter: number): Uint8Array<ArrayBuffer> {
  const iv = new Uint8Array(12);
  const v = new DataView(iv.buffer);
  v.setUint32(4, Math.floor(counter / 0x1_0000_0000));
  v.setUint32(8, counter >>> 0);
  return iv;
}

/** A whole HELLO record (header + plaintext body) ready to send. */
export function helloRecord(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_BYTES + body.length);
  writeRecordHeader(out, 0, RecordType.HELLO, body.length);
  out.set(body, RECORD_HEADER_BYTES);
  return out;
}
