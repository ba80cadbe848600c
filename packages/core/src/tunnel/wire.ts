/**
 * @module tunnel/wire — an optional, platform-specific path for a circuit's binary messages
 * that bypasses the WebSocket library's copies.
 *
 * Why: a relayed tunnel moves every byte through three processes, and on Node the `ws`
 * library copies each byte twice more than needed: it masks every outgoing message into a
 * fresh buffer (it must treat caller data as read-only) and reassembles every incoming message
 * from the socket's reads into another one. A wire (e.g. `nodeTunnelWire` from
 * `@seedling/core/node`) writes the masked frames itself (RFC 6455 §5.3: a fresh random mask
 * per frame, applied in place to buffers the sender owns) and reads records straight off the
 * socket as slices of its reads. Browsers keep the WebSocket API: no wire there. The bytes on
 * the wire are the same either way, so peers with and without a wire interoperate.
 */
import type { WebSocketLike } from './websocket.js';

/** Where a wire delivers what it reads. */
export interface TunnelWireHandlers {
  /**
   * One whole received record: its 4-byte header and its body (`ciphertext | tag`) as slices
   * of the socket's reads, in order. The header is handed over; the body slices are valid only
   * until the call returns (the wire reads into that memory again): decrypt or copy them first.
   */
  record(header: Uint8Array, body: readonly Uint8Array[]): void;
  /** The stream broke the record framing (e.g. a record crossing a message boundary, a bad header). */
  error(err: Error): void;
}

/** A circuit's binary-message path, installed after the handshake. */
export interface TunnelWire {
  /**
   * Sends one binary message, the concatenation of `parts` (`bytes` in all). The parts are handed
   * over: the wire may overwrite them (masking in place).
   */
  send(parts: readonly Uint8Array[], bytes: number): void;
  /** Whether received records arrive through {@link TunnelWireHandlers.record} (else as WebSocket messages). */
  readonly reads: boolean;
}

/** How a wire may frame what it sends. */
export interface TunnelWireOptions {
  /**
   * The relay agreed (its OK status said `unmasked: true`) to read this socket's data frames
   * unmasked: the wire may send them without a masking key. RFC 6455 §5.3 masks client frames
   * so that script-chosen bytes in a browser cannot pose as other protocols to intermediaries;
   * a Node peer's wire sends ciphertext it did not choose, and browsers keep masking (their
   * WebSocket always does). Only the relay's own frame reader accepts them, per socket, so a
   * circuit may have one unmasked side and one browser side.
   */
  unmasked?: boolean;
}

/**
 * Installs a wire on an open client WebSocket, or returns undefined when it cannot (another
 * WebSocket implementation, a state it does not expect): the connection then uses the socket's
 * own `send` and `message` events. `maxRecordBody` bounds what the reader buffers per record.
 */
export type TunnelWireFactory = (ws: WebSocketLike, handlers: TunnelWireHandlers, maxRecordBody: number, options?: TunnelWireOptions) => TunnelWire | undefined;
