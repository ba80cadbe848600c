/**
 * @module ws/tracker-socket — the relay's WebSocket class: `ws`'s WebSocket plus a few plain
 * fields of tracker state. The server constructs it directly (ws `WebSocket` option), so a
 * connection costs one object more than ws itself, and its event handlers are shared
 * functions (no closures per socket).
 */
import { WebSocket } from 'ws';
import type { PeerRecord, SignalSocket } from '../swarm/peer-record.js';

/** Handles messages of every tracker socket (implemented by ws/ws-tracker.ts). */
export interface SocketOwner {
  onMessage(sock: TrackerSocket, data: WebSocket.RawData): void;
  onClose(sock: TrackerSocket): void;
  onError(sock: TrackerSocket, err: Error & { code?: string }): void;
}

/** A tracker WebSocket: ws's WebSocket with rate-limit and swarm bookkeeping. */
export class TrackerSocket extends WebSocket implements SignalSocket {
  owner: SocketOwner | null = null;
  records: PeerRecord[] | null = null;
  /** Token bucket (messages) and the time it was last refilled. */
  tokens = 0;
  refilledAt = 0;
  /** Messages dropped since the bucket was last full. */
  dropped = 0;
  /** Answered the last ping. */
  alive = true;
  /** Seconds since the tracker started when this socket last sent a message (a small integer). */
  lastSeen = 0;
  /** Remote IP (shared string of the per-IP count map's key). */
  ip = '';

  isOpen(): boolean {
    return this.readyState === WebSocket.OPEN;
  }
}

/** Shared listeners: `this` is the socket. */
export function onSocketMessage(this: WebSocket, data: WebSocket.RawData): void {
  const sock = this as TrackerSocket;
  sock.owner?.onMessage(sock, data);
}
/** @see onSocketMessage */
export function onSocketClose(this: WebSocket): void {
  const sock = this as TrackerSocket;
  sock.owner?.onClose(sock);
}
/** @see onSocketMessage */
export function onSocketError(this: WebSocket, err: Error): void {
  const sock = this as TrackerSocket;
  sock.owner?.onError(sock, err);
}
/** @see onSocketMessage */
export function onSocketPong(this: WebSocket): void {
  (this as TrackerSocket).alive = true;
}
