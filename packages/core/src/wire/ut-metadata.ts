/**
 * @module wire/ut-metadata — BEP 9 metadata exchange messages (extension name `ut_metadata`).
 *
 * Payload of the extended message: a bencoded dict, `{msg_type, piece}` plus `total_size` for
 * data; a `data` message appends the raw metadata piece after the dict:
 * - request: `d8:msg_typei0e5:piecei0ee`
 * - data:    `d8:msg_typei1e5:piecei0e10:total_sizei34256ee` + piece bytes
 * - reject:  `d8:msg_typei2e5:piecei0ee`
 * Metadata is split into 16 KiB pieces; only the last may be shorter.
 */
import { encode } from '../bencode/index.js';
import { decodeDict, intField } from './bencode-dict.js';
import { WireProtocolError } from './errors.js';
import type { WireLimits } from './limits.js';

/** BEP 10 name of the extension. */
export const UT_METADATA = 'ut_metadata';
/** BEP 9 metadata piece size. */
export const METADATA_PIECE_LENGTH = 16 * 1024;

/** A decoded ut_metadata message. `data` is a view of the payload. */
export type UtMetadataMessage =
  | { msgType: 'request'; piece: number }
  | { msgType: 'data'; piece: number; totalSize: number; data: Uint8Array }
  | { msgType: 'reject'; piece: number };

const MSG_TYPE = { request: 0, data: 1, reject: 2 } as const;

/** Number of metadata pieces for an info dict of `size` bytes. */
export function metadataPieceCount(size: number): number {
  return Math.ceil(size / METADATA_PIECE_LENGTH);
}

/** Expected length of metadata piece `piece` of a `totalSize`-byte info dict. */
export function metadataPieceLength(totalSize: number, piece: number): number {
  return Math.min(METADATA_PIECE_LENGTH, totalSize - piece * METADATA_PIECE_LENGTH);
}

/** Encode a message as an extended-message payload (wrap with `encodeExtended(peerId, …)`). */
export function encodeUtMetadata(msg: UtMetadataMessage): Uint8Array {
  if (msg.msgType !== 'data') return encode({ msg_type: MSG_TYPE[msg.msgType], piece: msg.piece });
  const dict = encode({ msg_type: MSG_TYPE.data, piece: msg.piece, total_size: msg.totalSize });
  const out = new Uint8Array(dict.length + msg.data.length);
  out.set(dict);
  out.set(msg.data, dict.length);
  return out;
}

/**
 * Decode a ut_metadata payload. Returns null for an unknown `msg_type` (BEP 9: ignore it).
 * Throws `WIRE_BAD_EXTENDED` for malformed dicts, a piece out of range or a data piece of the
 * wrong length, and `WIRE_METADATA_TOO_LARGE` for `total_size` above the limit.
 */
export function decodeUtMetadata(payload: Uint8Array, limits: WireLimits): UtMetadataMessage | null {
  const { dict, end } = decodeDict(payload, limits.maxExtendedLength, true);
  const msgType = intField(dict, 'msg_type');
  const piece = intField(dict, 'piece');
  if (msgType === undefined || piece === undefined) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_metadata message without msg_type/piece');
  }
  if (msgType !== MSG_TYPE.data) {
    if (end !== payload.length) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_metadata trailing bytes');
    if (piece >= metadataPieceCount(limits.maxMetadataSize)) {
      throw new WireProtocolError('WIRE_BAD_EXTENDED', `ut_metadata piece ${piece} beyond any allowed metadata size`);
    }
    if (msgType === MSG_TYPE.request) return { msgType: 'request', piece };
    if (msgType === MSG_TYPE.reject) return { msgType: 'reject', piece };
    return null;
  }
  const totalSize = intField(dict, 'total_size');
  if (totalSize === undefined || totalSize === 0) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_metadata data without total_size');
  if (totalSize > limits.maxMetadataSize) {
    throw new WireProtocolError('WIRE_METADATA_TOO_LARGE', `total_size ${totalSize} exceeds ${limits.maxMetadataSize}`);
  }
  if (piece >= metadataPieceCount(totalSize)) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', `ut_metadata piece ${piece} beyond total_size ${totalSize}`);
  }
  const data = payload.subarray(end);
  if (data.length !== metadataPieceLength(totalSize, piece)) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', `ut_metadata piece ${piece} has ${data.length} bytes`);
  }
  return { msgType: 'data', piece, totalSize, data };
}
