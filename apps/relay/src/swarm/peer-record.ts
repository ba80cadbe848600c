/** @module swarm/peer-record — one peer of one swarm, reachable over TCP, WebSocket or both. */
import type { Swarm } from './swarm.js';

/** What the registry needs from a tracker WebSocket (implemented by ws/tracker-socket.ts). */
export interface SignalSocket {
  /** Peer records this socket announced (so closing it leaves every swarm). */
  records: PeerRecord[] | null;
  /** True while the socket can carry messages. */
  isOpen(): boolean;
}

/**
 * One peer in one swarm, keyed by its 20-byte peer_id. A peer that announced over HTTP has a
 * TCP address (`ip`, `port`); over WebSocket, a `socket`. The same peer_id announced both ways
 * is one record, found by both kinds of clients. Fields are plain and few: a relay holds
 * hundreds of thousands of these.
 */
export class PeerRecord {
  /** TCP address (HTTP announce), or null. */
  ip: string | null = null;
  port = 0;
  /** When the TCP part expires (ms since epoch). */
  tcpExpires = 0;
  /** Signaling socket (WebSocket announce), or null. */
  socket: SignalSocket | null = null;
  /** When the WebSocket part expires (ms since epoch). */
  wsExpires = 0;
  /** Seeder (`left` = 0). */
  complete = false;
  /** Index in swarm.tcp / swarm.ws (-1 when absent); kept for O(1) removal. */
  tcpIndex = -1;
  wsIndex = -1;

  constructor(
    /** 20-byte peer_id as a binary string (one char per byte). */
    readonly peerId: string,
    readonly swarm: Swarm,
  ) {}
}
