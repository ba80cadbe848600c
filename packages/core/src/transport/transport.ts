/** @module transport/transport — byte-stream connections, independent of TCP, WebRTC or relay tunnels. */

/** Which transport carries a connection. */
export type TransportKind = 'tcp' | 'webrtc' | 'tunnel' | 'memory';

/**
 * A reliable, ordered, bidirectional byte stream to one peer. The BitTorrent wire protocol
 * (BEP 3) runs unchanged over every kind.
 *
 * Backpressure: `write` resolves once the connection can take more bytes (below its high-water
 * mark); a writer that awaits each write never floods the channel. Reading is pull-based:
 * bytes are produced as `readable` is iterated, and a transport stops reading from the network
 * while the consumer is not pulling.
 */
export interface Connection {
  readonly kind: TransportKind;
  /** Human-readable remote address, e.g. `127.0.0.1:6881` or `[::1]:6881`. */
  readonly remoteAddress: string;
  /**
   * Optional: whether our side initiated this connection, for links opened outside a dialer
   * (WebRTC: true on the side that created the offer). Both ends agree on it, so two links
   * between the same pair (each side's offer answered by the other) resolve to the same one on
   * both ends (swarm/peer-attach.ts). Undefined when the transport does not say.
   */
  readonly initiator?: boolean;
  /** Incoming bytes in order; ends when the remote closes; throws if the connection fails. */
  readonly readable: AsyncIterable<Uint8Array>;
  /** Queues bytes; resolves when there is room for more; rejects once closed. */
  write(data: Uint8Array): Promise<void>;
  /** Closes both directions; `err` (if any) is surfaced to a pending reader. Idempotent. */
  close(err?: Error): void;
  /** Resolves once fully closed. */
  readonly closed: Promise<void>;
  /**
   * Optional: switch `readable` to borrowed chunks. From the call on, a chunk it yields stays
   * valid only until the next chunk is pulled: the transport reads the network into a few reused
   * buffers instead of allocating one per read (fewer short-lived buffers for the GC to free).
   * Call it only from a consumer that copies whatever it keeps past that point. Returns false
   * when the connection cannot (chunks then stay the consumer's, as before).
   */
  borrowReads?(): boolean;
  /**
   * Optional: resolves once every byte passed to `write` before this call has left our buffers
   * (handed to the OS), or once the connection closed; never rejects. Writes are zero-copy, so
   * a writer may reuse a buffer it wrote only after this (the upload server's piece-buffer
   * pool). Without it, a written buffer must never be reused.
   */
  flushed?(): Promise<void>;
}

/** A bound listener that yields inbound connections through the callback given at listen. */
export interface Listener {
  /** The bound address, e.g. `127.0.0.1:6881`. */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A transport that can dial addresses and accept inbound connections (TCP, memory). */
export interface Transport {
  readonly kind: TransportKind;
  dial(address: string, options?: { signal?: AbortSignal }): Promise<Connection>;
  listen(address: string, onConnection: (conn: Connection) => void): Promise<Listener>;
}
