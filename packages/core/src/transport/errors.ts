/** @module transport/errors — typed errors raised by transports and connections. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link TransportError}:
 * - `TRANSPORT_BAD_ADDRESS`: not `host:port` / `[v6]:port` with a port in 0..65535.
 * - `TRANSPORT_CLOSED`: write on a closed (or closing) connection.
 * - `TRANSPORT_DIAL_FAILED`: the remote refused or could not be reached (see `cause`).
 * - `TRANSPORT_DIAL_TIMEOUT`: no connection within the dial timeout.
 * - `TRANSPORT_ABORTED`: the caller's AbortSignal fired.
 * - `TRANSPORT_LISTEN_FAILED`: could not bind (port in use, bad interface...).
 * - `TRANSPORT_RESET`: the connection broke (reset, I/O error) rather than ending cleanly.
 */
export type TransportErrorCode =
  | 'TRANSPORT_BAD_ADDRESS'
  | 'TRANSPORT_CLOSED'
  | 'TRANSPORT_DIAL_FAILED'
  | 'TRANSPORT_DIAL_TIMEOUT'
  | 'TRANSPORT_ABORTED'
  | 'TRANSPORT_LISTEN_FAILED'
  | 'TRANSPORT_RESET';

/** An error from a transport or connection; match on `code`, the original error is `cause`. */
export class TransportError extends SeedlingError<TransportErrorCode> {
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TransportError';
  }
}
