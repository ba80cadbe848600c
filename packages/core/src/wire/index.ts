/**
 * @module wire — the BitTorrent peer wire protocol, sans-IO, in three layers:
 * a pure codec (`encodeMessage`, `decodeBody`), an incremental {@link FrameDecoder}, and a
 * {@link PeerSession} state machine. No I/O and no timers: the caller moves bytes and passes
 * the time.
 *
 * @example
 * const decoder = new FrameDecoder({ infoHashes: [infoHash], geometry });
 * const session = new PeerSession({ geometry });
 * session.sendHandshake(infoHash, ourPeerId);
 * for await (const chunk of conn.readable) {
 *   for (const msg of decoder.push(chunk)) {          // throws WireProtocolError → close
 *     for (const ev of session.receive(msg, Date.now())) swarm.onPeerEvent(peer, ev);
 *   }
 *   for (const out of session.flush(Date.now())) await conn.write(encodeMessage(out));
 * }
 */
export { blockMessage } from './block-message.js';
export { MessageId, EXTENSION_HANDSHAKE_ID, isKnownMessageId, type MessageIdValue } from './message-id.js';
export type { BlockRef, HandshakeMessage, HashRequestFields, WireMessage, WireMessageOf, WireMessageType } from './messages.js';
export { WireProtocolError, isWireProtocolError, type WireErrorCode } from './errors.js';
export {
  BLOCK_LENGTH,
  DEFAULT_WIRE_LIMITS,
  bitfieldByteLength,
  checkBitfieldBytes,
  checkBlockRef,
  checkMessageGeometry,
  checkPieceIndex,
  pieceLengthAt,
  resolveLimits,
  type TorrentGeometry,
  type WireLimits,
} from './limits.js';
export {
  HANDSHAKE_LENGTH,
  PROTOCOL_STRING,
  decodeHandshake,
  encodeHandshake,
  makeReserved,
  readReserved,
  supportsExtended,
  supportsFast,
  supportsV2,
  type ReservedFlags,
} from './handshake.js';
export { HASH_LENGTH, splitHashes } from './hash-messages.js';
export { PIECE_HEADER_LENGTH, encodeExtended, encodeMessage, encodeMessageParts, encodePieceHeader } from './encode.js';
export { checkBodyLength, decodeBody, decodeFrame } from './decode-message.js';
export { FrameDecoder, type FrameDecoderOptions, type FrameDecoderState } from './frame-decoder.js';
export { decodeExtensionHandshake, encodeExtensionHandshake, type ExtensionHandshake } from './extension-handshake.js';
export {
  METADATA_PIECE_LENGTH,
  UT_METADATA,
  decodeUtMetadata,
  encodeUtMetadata,
  metadataPieceCount,
  metadataPieceLength,
  type UtMetadataMessage,
} from './ut-metadata.js';
export { MAX_PEX_PEERS, UT_PEX, decodeUtPex, encodeUtPex, type PexMessage, type PexPeer } from './ut-pex.js';
export { PeerSession } from './peer-session.js';
export { PeerPieces } from './peer-pieces.js';
export type { PendingRequest } from './request-book.js';
export type { PeerSessionOptions, PeerSessionState, SessionEvent } from './session-types.js';
export { DEFAULT_ALLOWED_FAST_COUNT, allowedFastSet, type Sha1 } from './allowed-fast.js';
