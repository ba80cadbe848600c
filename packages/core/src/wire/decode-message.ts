/**
 * @module wire/decode-message — pure decoder for one frame body (`<id><payload>`), plus the
 * per-message length bounds the frame decoder checks as soon as it has read the id.
 *
 * Variable-size fields (piece block, bitfield bits, extended payload, hashes) are subarray
 * views of the input, not copies: a piece message's block costs no per-byte work here.
 */
import { WireProtocolError } from './errors.js';
import { HASH_FIELDS_LENGTH, HASH_LENGTH, checkHashRequest, readHashFields } from './hash-messages.js';
import { bitfieldByteLength, type WireLimits } from './limits.js';
import { MessageId, isKnownMessageId } from './message-id.js';
import type { WireMessage } from './messages.js';

/** Body length (id byte included) that is exact for each fixed-size message. */
const FIXED_LENGTH: Readonly<Record<number, number>> = {
  [MessageId.Choke]: 1,
  [MessageId.Unchoke]: 1,
  [MessageId.Interested]: 1,
  [MessageId.NotInterested]: 1,
  [MessageId.HaveAll]: 1,
  [MessageId.HaveNone]: 1,
  [MessageId.Have]: 5,
  [MessageId.Suggest]: 5,
  [MessageId.AllowedFast]: 5,
  [MessageId.Port]: 3,
  [MessageId.Request]: 13,
  [MessageId.Cancel]: 13,
  [MessageId.RejectRequest]: 13,
  [MessageId.HashRequest]: 1 + HASH_FIELDS_LENGTH,
  [MessageId.HashReject]: 1 + HASH_FIELDS_LENGTH,
};

/**
 * Check a body length (id byte included) against the bounds of message `id`, before any of
 * the body is buffered. `pieceCount`, when known, makes a bitfield's length exact.
 */
export function checkBodyLength(id: number, length: number, limits: WireLimits, pieceCount?: number): void {
  const fixed = FIXED_LENGTH[id];
  if (fixed !== undefined) {
    if (length !== fixed) throw new WireProtocolError('WIRE_BAD_LENGTH', `message ${id} has length ${length}, expected ${fixed}`);
    return;
  }
  let min = 1;
  let max = limits.maxFrameLength;
  switch (id) {
    case MessageId.Bitfield:
      if (pieceCount !== undefined) {
        const want = 1 + bitfieldByteLength(pieceCount);
        if (length !== want) throw new WireProtocolError('WIRE_BAD_BITFIELD', `bitfield length ${length - 1}, expected ${want - 1}`);
        return;
      }
      max = 1 + limits.maxBitfieldBytes;
      break;
    case MessageId.Piece:
      min = 10;
      max = 9 + limits.maxBlockLength;
      break;
    case MessageId.Extended:
      min = 2;
      max = 2 + limits.maxExtendedLength;
      break;
    case MessageId.Hashes:
      min = 1 + HASH_FIELDS_LENGTH + HASH_LENGTH;
      max = 1 + HASH_FIELDS_LENGTH + HASH_LENGTH * limits.maxHashesCount;
      break;
    default:
      break; // unknown extension ids: only maxFrameLength applies
  }
  if (length > max) throw new WireProtocolError('WIRE_FRAME_TOO_LARGE', `message ${id} of ${length} bytes exceeds ${max}`);
  if (length < min) throw new WireProtocolError('WIRE_BAD_LENGTH', `message ${id} of ${length} bytes is shorter than ${min}`);
}

/**
 * Decode a frame body `<id><payload>` (length prefix already stripped). Returns `null` for
 * unknown ids, which BEP 3 peers must ignore. Throws {@link WireProtocolError} on bad lengths.
 */
export function decodeBody(body: Uint8Array, limits: WireLimits, pieceCount?: number): WireMessage | null {
  if (body.length === 0) return { type: 'keep-alive' };
  const id = body[0]!;
  checkBodyLength(id, body.length, limits, pieceCount);
  if (!isKnownMessageId(id)) return null;
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  switch (id) {
    case MessageId.Choke:
      return { type: 'choke' };
    case MessageId.Unchoke:
      return { type: 'unchoke' };
    case MessageId.Interested:
      return { type: 'interested' };
    case MessageId.NotInterested:
      return { type: 'not-interested' };
    case MessageId.Have:
      return { type: 'have', index: view.getUint32(1) };
    case MessageId.Bitfield:
      return { type: 'bitfield', bits: body.subarray(1) };
    case MessageId.Request:
      return { type: 'request', index: view.getUint32(1), begin: view.getUint32(5), length: view.getUint32(9) };
    case MessageId.Piece:
      return { type: 'piece', index: view.getUint32(1), begin: view.getUint32(5), block: body.subarray(9) };
    case MessageId.Cancel:
      return { type: 'cancel', index: view.getUint32(1), begin: view.getUint32(5), length: view.getUint32(9) };
    case MessageId.Port:
      return { type: 'port', port: view.getUint16(1) };
    case MessageId.Suggest:
      return { type: 'suggest', index: view.getUint32(1) };
    case MessageId.HaveAll:
      return { type: 'have-all' };
    case MessageId.HaveNone:
      return { type: 'have-none' };
    case MessageId.RejectRequest:
      return { type: 'reject', index: view.getUint32(1), begin: view.getUint32(5), length: view.getUint32(9) };
    case MessageId.AllowedFast:
      return { type: 'allowed-fast', index: view.getUint32(1) };
    case MessageId.Extended:
      return { type: 'extended', extId: body[1]!, payload: body.subarray(2) };
    case MessageId.HashRequest:
    case MessageId.HashReject: {
      const fields = readHashFields(body.subarray(1));
      checkHashRequest(fields, limits.maxHashesCount);
      return { type: id === MessageId.HashRequest ? 'hash-request' : 'hash-reject', ...fields };
    }
    case MessageId.Hashes: {
      const hashes = body.subarray(1 + HASH_FIELDS_LENGTH);
      if (hashes.length % HASH_LENGTH !== 0) throw new WireProtocolError('WIRE_BAD_LENGTH', 'hashes not a multiple of 32 bytes');
      return { type: 'hashes', ...readHashFields(body.subarray(1)), hashes };
    }
  }
}

/**
 * Decode one complete frame `<len:u32><id><payload>` (no handshake). Convenience for tests and
 * datagram-like transports; streams use {@link FrameDecoder}.
 */
export function decodeFrame(frame: Uint8Array, limits: WireLimits, pieceCount?: number): WireMessage | null {
  if (frame.length < 4) throw new WireProtocolError('WIRE_BAD_LENGTH', 'frame shorter than its length prefix');
  const length = new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0);
  if (length !== frame.length - 4) {
    throw new WireProtocolError('WIRE_BAD_LENGTH', `length prefix ${length} but ${frame.length - 4} body bytes`);
  }
  if (length > limits.maxFrameLength) throw new WireProtocolError('WIRE_FRAME_TOO_LARGE', `frame of ${length} bytes`);
  return decodeBody(frame.subarray(4), limits, pieceCount);
}
