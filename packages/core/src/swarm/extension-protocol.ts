/**
 * @module swarm/extension-protocol — BEP 10 extension handshake and BEP 9 ut_metadata payloads.
 *
 * Extension handshake (extended id 0): a bencoded dict with `m` (extension name → our local id),
 * `metadata_size` (BEP 9), `v` (client), `reqq` (outstanding requests we accept), `p` (port).
 * ut_metadata: `{msg_type: 0 request | 1 data | 2 reject, piece: i[, total_size]}`, and for
 * `data` the 16 KiB metadata piece follows the dict directly.
 */
import { decode, encode, type BencodeDict, type BencodeValue } from '../bencode/index.js';
import { utf8Text } from '../bencode/bytes.js';
import { WireProtocolError } from '../wire/errors.js';
import type { PeerExtensions } from './peer-connection.js';

/** Our local extended-message id for ut_metadata (what we put in `m`). */
export const UT_METADATA_LOCAL_ID = 1;
/** BEP 9: metadata is exchanged in 16 KiB pieces. */
export const METADATA_PIECE_SIZE = 16384;

/** ut_metadata message types (BEP 9). */
export const MetadataMsgType = { Request: 0, Data: 1, Reject: 2 } as const;

/** A decoded ut_metadata message. */
export interface MetadataMessage {
  msgType: number;
  piece: number;
  totalSize?: number;
  /** For `data`: the metadata bytes after the dict. */
  data?: Uint8Array;
}

function int(v: BencodeValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** Our BEP 10 handshake payload. */
export function encodeExtensionHandshake(opts: { metadataSize?: number; reqq: number; client: string; port?: number }): Uint8Array {
  return encode({
    m: { ut_metadata: UT_METADATA_LOCAL_ID },
    metadata_size: opts.metadataSize,
    p: opts.port,
    reqq: opts.reqq,
    v: opts.client,
  });
}

/** Parse a peer's BEP 10 handshake; unknown keys are ignored, malformed ones are errors. */
export function decodeExtensionHandshake(payload: Uint8Array, maxMetadataSize: number): PeerExtensions {
  let value: BencodeValue;
  try {
    value = decode(payload, { outerKeyOrder: 'lenient', maxDepth: 8 });
  } catch (err) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', 'malformed extension handshake', { cause: err });
  }
  if (!(value instanceof Map)) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'extension handshake is not a dict');
  const out: PeerExtensions = {};
  const m = value.get('m');
  if (m instanceof Map) {
    const id = int(m.get('ut_metadata'));
    if (id !== undefined && id > 0 && id < 256) out.utMetadata = id;
  }
  const size = int(value.get('metadata_size'));
  if (size !== undefined) {
    if (size <= 0 || size > maxMetadataSize) {
      throw new WireProtocolError('WIRE_METADATA_TOO_LARGE', `metadata_size ${size} outside 1..${maxMetadataSize}`);
    }
    out.metadataSize = size;
  }
  const reqq = int(value.get('reqq'));
  if (reqq !== undefined && reqq > 0) out.reqq = reqq;
  const v = value.get('v');
  if (v instanceof Uint8Array) out.client = utf8Text(v.subarray(0, 64));
  return out;
}

/** Encode a ut_metadata request/reject, or a data message with its piece appended. */
export function encodeMetadataMessage(msg: MetadataMessage): Uint8Array {
  const head = encode({ msg_type: msg.msgType, piece: msg.piece, total_size: msg.totalSize });
  if (!msg.data) return head;
  const out = new Uint8Array(head.length + msg.data.length);
  out.set(head, 0);
  out.set(msg.data, head.length);
  return out;
}

/** Index just past the first bencoded value in `b` (the dict before a data piece). */
function valueEnd(b: Uint8Array, pos: number, depth: number): number {
  if (depth > 8 || pos >= b.length) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'malformed ut_metadata dict');
  const c = b[pos]!;
  if (c === 0x69) {
    const e = b.indexOf(0x65, pos);
    if (e < 0) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'unterminated integer');
    return e + 1;
  }
  if (c === 0x6c || c === 0x64) {
    let p = pos + 1;
    while (p < b.length && b[p] !== 0x65) p = valueEnd(b, p, depth + 1);
    if (p >= b.length) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'unterminated container');
    return p + 1;
  }
  const colon = b.indexOf(0x3a, pos);
  if (colon < 0 || colon - pos > 8) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'bad string length');
  let len = 0;
  for (let i = pos; i < colon; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'bad string length');
    len = len * 10 + d;
  }
  return colon + 1 + len;
}

/** Decode a ut_metadata payload (BEP 9). */
export function decodeMetadataMessage(payload: Uint8Array): MetadataMessage {
  const end = valueEnd(payload, 0, 0);
  if (end > payload.length) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'truncated ut_metadata dict');
  let dict: BencodeValue;
  try {
    dict = decode(payload.subarray(0, end), { outerKeyOrder: 'lenient', maxDepth: 4 });
  } catch (err) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', 'malformed ut_metadata dict', { cause: err });
  }
  if (!(dict instanceof Map)) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_metadata payload is not a dict');
  const d = dict as BencodeDict;
  const msgType = int(d.get('msg_type'));
  const piece = int(d.get('piece'));
  if (msgType === undefined || piece === undefined || piece < 0) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_metadata needs msg_type and piece');
  }
  const totalSize = int(d.get('total_size'));
  const out: MetadataMessage = { msgType, piece };
  if (totalSize !== undefined) out.totalSize = totalSize;
  if (msgType === MetadataMsgType.Data) out.data = payload.subarray(end);
  return out;
}
