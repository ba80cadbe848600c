/**
 * @module wire/encode — pure encoder `WireMessage → Uint8Array` (length prefix included).
 * Layouts are documented on each member of {@link WireMessage} (messages.ts).
 */
import { WireProtocolError } from './errors.js';
import { HASH_FIELDS_LENGTH, HASH_LENGTH, writeHashFields } from './hash-messages.js';
import { encodeHandshake } from './handshake.js';
import { MessageId } from './message-id.js';
import type { BlockRef, WireMessage } from './messages.js';

/** Bytes before a piece message's block: length prefix, id, index, begin. */
export const PIECE_HEADER_LENGTH = 13;

function frame(id: number, payloadLength: number): { out: Uint8Array; view: DataView } {
  const out = new Uint8Array(5 + payloadLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1 + payloadLength);
  out[4] = id;
  return { out, view };
}

function idOnly(id: number): Uint8Array {
  return frame(id, 0).out;
}

function withIndex(id: number, index: number): Uint8Array {
  const { out, view } = frame(id, 4);
  view.setUint32(5, index);
  return out;
}

function withBlockRef(id: number, ref: BlockRef): Uint8Array {
  const { out, view } = frame(id, 12);
  view.setUint32(5, ref.index);
  view.setUint32(9, ref.begin);
  view.setUint32(13, ref.length);
  return out;
}

/**
 * The 13-byte header of a piece message for a block of `blockLength` bytes. Hot path: send
 * this and then the block itself, so the block (often a view of storage) is never copied.
 */
export function encodePieceHeader(index: number, begin: number, blockLength: number): Uint8Array {
  const out = new Uint8Array(PIECE_HEADER_LENGTH);
  const view = new DataView(out.buffer);
  view.setUint32(0, 9 + blockLength);
  out[4] = MessageId.Piece;
  view.setUint32(5, index);
  view.setUint32(9, begin);
  return out;
}

/** Bytes of one `request` frame: length prefix, id, index, begin, length. */
export const REQUEST_FRAME_LENGTH = 17;

/**
 * Several `request` frames back to back in one buffer (hot path: a downloader's batch of
 * requests goes out as one write, without a message object and a frame per block).
 */
export function encodeRequests(refs: readonly BlockRef[]): Uint8Array {
  const out = new Uint8Array(refs.length * REQUEST_FRAME_LENGTH);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const ref of refs) {
    view.setUint32(at, 13);
    out[at + 4] = MessageId.Request;
    view.setUint32(at + 5, ref.index);
    view.setUint32(at + 9, ref.begin);
    view.setUint32(at + 13, ref.length);
    at += REQUEST_FRAME_LENGTH;
  }
  return out;
}

/** BEP 10 frame `<len><20><extId><payload>`. */
export function encodeExtended(extId: number, payload: Uint8Array): Uint8Array {
  const { out } = frame(MessageId.Extended, 1 + payload.length);
  out[5] = extId;
  out.set(payload, 6);
  return out;
}

/**
 * Encode for a vectored write: a piece message becomes `[header, block]` with the block
 * passed through uncopied (hot path); any other message is one frame.
 */
export function encodeMessageParts(msg: WireMessage): Uint8Array[] {
  if (msg.type === 'piece') return [encodePieceHeader(msg.index, msg.begin, msg.block.length), msg.block];
  return [encodeMessage(msg)];
}

/** Encode any message into one contiguous frame (piece blocks are copied: see encodeMessageParts). */
export function encodeMessage(msg: WireMessage): Uint8Array {
  switch (msg.type) {
    case 'handshake':
      return encodeHandshake(msg);
    case 'keep-alive':
      return new Uint8Array(4);
    case 'choke':
      return idOnly(MessageId.Choke);
    case 'unchoke':
      return idOnly(MessageId.Unchoke);
    case 'interested':
      return idOnly(MessageId.Interested);
    case 'not-interested':
      return idOnly(MessageId.NotInterested);
    case 'have':
      return withIndex(MessageId.Have, msg.index);
    case 'bitfield': {
      const { out } = frame(MessageId.Bitfield, msg.bits.length);
      out.set(msg.bits, 5);
      return out;
    }
    case 'request':
      return withBlockRef(MessageId.Request, msg);
    case 'piece': {
      const out = new Uint8Array(PIECE_HEADER_LENGTH + msg.block.length);
      out.set(encodePieceHeader(msg.index, msg.begin, msg.block.length));
      out.set(msg.block, PIECE_HEADER_LENGTH);
      return out;
    }
    case 'cancel':
      return withBlockRef(MessageId.Cancel, msg);
    case 'port': {
      const { out, view } = frame(MessageId.Port, 2);
      view.setUint16(5, msg.port);
      return out;
    }
    case 'suggest':
      return withIndex(MessageId.Suggest, msg.index);
    case 'have-all':
      return idOnly(MessageId.HaveAll);
    case 'have-none':
      return idOnly(MessageId.HaveNone);
    case 'reject':
      return withBlockRef(MessageId.RejectRequest, msg);
    case 'allowed-fast':
      return withIndex(MessageId.AllowedFast, msg.index);
    case 'extended':
      return encodeExtended(msg.extId, msg.payload);
    case 'hash-request':
    case 'hash-reject': {
      const { out } = frame(msg.type === 'hash-request' ? MessageId.HashRequest : MessageId.HashReject, HASH_FIELDS_LENGTH);
      writeHashFields(out, 5, msg);
      return out;
    }
    case 'hashes': {
      if (msg.hashes.length % HASH_LENGTH !== 0) {
        throw new WireProtocolError('WIRE_BAD_LENGTH', 'hashes must be a multiple of 32 bytes');
      }
      const { out } = frame(MessageId.Hashes, HASH_FIELDS_LENGTH + msg.hashes.length);
      writeHashFields(out, 5, msg);
      out.set(msg.hashes, 5 + HASH_FIELDS_LENGTH);
      return out;
    }
    default: {
      const unknown: { type?: unknown } = msg;
      throw new WireProtocolError('WIRE_UNKNOWN_MESSAGE', `cannot encode message type ${String(unknown.type)}`);
    }
  }
}
