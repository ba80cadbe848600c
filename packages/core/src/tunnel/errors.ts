/** @module tunnel/errors — typed errors of relayed, end-to-end encrypted tunnels. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link TunnelError}.
 * - The relay's statuses (modelled on libp2p circuit relay v2): `RESERVATION_REFUSED`,
 *   `RESOURCE_LIMIT_EXCEEDED`, `PERMISSION_DENIED`, `NO_RESERVATION`, `MALFORMED_MESSAGE`,
 *   `CONNECTION_FAILED`.
 * - End-to-end layer: `HANDSHAKE_FAILED` (bad or unsupported key exchange), `DECRYPT_FAILED`
 *   (a record failed authentication: tampered, reordered or forged), `PROTOCOL_ERROR` (the peer
 *   broke framing or flow control), `TRUNCATED` (the stream ended without the peer's
 *   authenticated end-of-stream record).
 * - Local: `ABORTED` (AbortSignal), `TIMEOUT`, `CLOSED` (used after close), `UNSUPPORTED`
 *   (no WebCrypto in this runtime).
 */
export type TunnelErrorCode =
  | 'RESERVATION_REFUSED'
  | 'RESOURCE_LIMIT_EXCEEDED'
  | 'PERMISSION_DENIED'
  | 'NO_RESERVATION'
  | 'MALFORMED_MESSAGE'
  | 'CONNECTION_FAILED'
  | 'HANDSHAKE_FAILED'
  | 'DECRYPT_FAILED'
  | 'PROTOCOL_ERROR'
  | 'TRUNCATED'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'CLOSED'
  | 'UNSUPPORTED';

/** An error of a relayed tunnel: a refusal by the relay, a broken stream or a failed check. */
export class TunnelError extends SeedlingError<TunnelErrorCode> {
  constructor(code: TunnelErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TunnelError';
  }
}
