/**
 * @module swarm/peer-abuse — counts a peer's protocol abuse and says when to disconnect it
 * (issue 7). Each kind of abuse is already harmless one message at a time (requests past the
 * limit are rejected or dropped, unrequested blocks are discarded); these counters end the
 * connection of a peer that keeps at it, since it costs us bandwidth and CPU for nothing.
 *
 * Honest peers can trip each check a little, so every threshold leaves room for the races:
 * - a peer's requests cross our `choke` on the wire (BEP 3), up to its whole pipeline (reqq);
 * - our `choke` reaches the peer behind the blocks already queued for it (upload throttle, socket
 *   buffers), and it tops up its pipeline for each block it reads before the choke: credited;
 * - blocks we cancelled (endgame, BEP 3), gave up on (timeout, reject) or dropped on a choke
 *   may still arrive: such late blocks are recognised (see {@link PeerConnection.released}) and
 *   not counted as unrequested.
 * Thresholds are documented in docs/security.md (Limits → Swarm).
 */
import type { PeerConnection } from './peer-connection.js';

/**
 * Requests received while the peer already had `maxPeerRequests` queued (the `reqq` we
 * advertise, BEP 10), counted over the connection. An honest peer never exceeds reqq.
 */
export const MAX_OVERFLOW_REQUESTS = 256;
/**
 * Requests received while we choke the peer (each rejected with the fast extension, BEP 6), counted
 * since our last choke, beyond one request per block or reject we sent since the unchoke before it
 * ({@link onChokeSent}). Room for one full pipeline crossing our choke, twice.
 */
export const MAX_CHOKED_REQUESTS_FACTOR = 2;
/** Bytes of blocks we never asked for (nor cancelled, nor gave up on) before disconnecting. */
export const MAX_UNREQUESTED_BYTES = 1 << 20;
/** Cancelled/abandoned request keys remembered per peer, so their late blocks are not abuse. */
export const RELEASED_MEMORY = 1024;

/** Per-peer abuse counters. */
export class AbuseCounters {
  overflowRequests = 0;
  chokedRequests = 0;
  unrequestedBytes = 0;
  /**
   * Blocks and BEP 6 rejects we sent the peer since our last unchoke: each one it reads before
   * it reads our choke lets an honest peer send one more request (it tops up its pipeline).
   */
  answersSinceUnchoke = 0;
  /** {@link answersSinceUnchoke} when we last choked the peer. */
  chokeCredit = 0;
}

/** We unchoked the peer: its requests while choked are counted afresh at the next choke. */
export function onUnchokeSent(peer: { readonly abuse: AbuseCounters }): void {
  peer.abuse.chokedRequests = 0;
  peer.abuse.answersSinceUnchoke = 0;
}

/**
 * We choked the peer. The choke reaches it behind everything already queued for it — in our
 * upload throttle, in our socket's and its socket's kernel buffers — and until it reads the
 * choke an honest peer sends one request per block or reject it reads: those are credited.
 */
export function onChokeSent(peer: { readonly abuse: AbuseCounters }): void {
  peer.abuse.chokeCredit = peer.abuse.answersSinceUnchoke;
  peer.abuse.chokedRequests = 0;
}

/** A request arrived while the peer's queue was full; returns why to disconnect, or null. */
export function onOverflowRequest(peer: PeerConnection): string | null {
  if (++peer.abuse.overflowRequests <= MAX_OVERFLOW_REQUESTS) return null;
  return `request flood: more than ${MAX_OVERFLOW_REQUESTS} requests beyond the reqq limit`;
}

/** A request arrived while we choke the peer; returns why to disconnect, or null. */
export function onChokedRequest(peer: Pick<PeerConnection, 'abuse'>, maxPeerRequests: number): string | null {
  // A flooder gains at most one request per answer it got from us, and each costs it a reject.
  const max = MAX_CHOKED_REQUESTS_FACTOR * maxPeerRequests + peer.abuse.chokeCredit;
  if (++peer.abuse.chokedRequests <= max) return null;
  return `request flood while choked: more than ${max} requests since our choke`;
}

/** A block arrived that we did not ask for; returns why to disconnect, or null. */
export function onUnrequestedBlock(peer: PeerConnection, bytes: number): string | null {
  peer.abuse.unrequestedBytes += bytes;
  if (peer.abuse.unrequestedBytes <= MAX_UNREQUESTED_BYTES) return null;
  return `sent more than ${MAX_UNREQUESTED_BYTES} bytes of blocks nobody requested`;
}
