/** @module wire/errors — the typed error raised for every peer wire protocol violation. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link WireProtocolError}. Match on these, never on message text.
 *
 * - `WIRE_BAD_HANDSHAKE`: wrong pstrlen/pstr (BEP 3) or a handshake that arrived malformed.
 * - `WIRE_INFO_HASH_MISMATCH`: the peer's info-hash is not one we serve/expect.
 * - `WIRE_FRAME_TOO_LARGE`: a length prefix above `maxFrameLength`, or above the bound of its
 *   message type (refused as soon as the prefix/id is read, before buffering the body).
 * - `WIRE_BAD_LENGTH`: a fixed-size message (e.g. `have`, `request`) with the wrong length.
 * - `WIRE_BAD_BITFIELD`: bitfield length ≠ ceil(numPieces/8), or spare bits set (BEP 3).
 * - `WIRE_INDEX_OUT_OF_RANGE`: a piece index ≥ numPieces.
 * - `WIRE_BAD_REQUEST`: a block range outside its piece, or a block longer than `maxBlockLength`.
 * - `WIRE_TOO_MANY_REQUESTS`: the peer exceeded the outstanding request limit we advertised.
 * - `WIRE_METADATA_TOO_LARGE`: an extension handshake `metadata_size` above the limit (BEP 9).
 * - `WIRE_BAD_EXTENDED`: a malformed BEP 10 / BEP 9 / BEP 11 payload.
 * - `WIRE_UNEXPECTED_MESSAGE`: a message not allowed now (e.g. BEP 6 message without the fast
 *   extension, a second bitfield, a message after the session was closed).
 * - `WIRE_UNKNOWN_MESSAGE`: an attempt to encode a message type this codec does not know.
 */
export type WireErrorCode =
  | 'WIRE_BAD_HANDSHAKE'
  | 'WIRE_INFO_HASH_MISMATCH'
  | 'WIRE_FRAME_TOO_LARGE'
  | 'WIRE_BAD_LENGTH'
  | 'WIRE_BAD_BITFIELD'
  | 'WIRE_INDEX_OUT_OF_RANGE'
  | 'WIRE_BAD_REQUEST'
  | 'WIRE_TOO_MANY_REQUESTS'
  | 'WIRE_METADATA_TOO_LARGE'
  | 'WIRE_BAD_EXTENDED'
  | 'WIRE_UNEXPECTED_MESSAGE'
  | 'WIRE_UNKNOWN_MESSAGE';

/** A peer broke the BitTorrent wire protocol or one of our hard limits; drop the connection. */
export class WireProtocolError extends SeedlingError<WireErrorCode> {
  constructor(code: WireErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WireProtocolError';
  }
}

/** Type guard matching on `name` (works across bundles), not `instanceof`. */
export function isWireProtocolError(err: unknown): err is WireProtocolError {
  return err instanceof Error && err.name === 'WireProtocolError' && typeof (err as { code?: unknown }).code === 'string';
}
