/**
 * @module swarm/peer-abuse — counts a peer's protocol abuse and says when to disconnect it
 * (issue 7). Each kind of abuse is already harmless one message at a time (requests past the
 * limit are rejected or dropped, unrequested blocks are discarded); these counters end the
 * connection of a peer that keeps at it, since it costs us bandwidth and CPU for nothing.
 *
 * Honest peers can trip each check a little, so every threshold leaves room for the races:
 * - a peer's requests cross our `choke` on the wire (BEP 3), up to its whole pipeline (reqq);
 * - a rate-capped uploader's `choke` waits behind the blocks already queued in its throttle, and
 *   the peer tops up its pipeline for each of them until it reads the choke (looser bound then);
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
 * since our last unchoke. Room for one full pipeline crossing our choke, twice.
 */
export const MAX_CHOKED_REQUESTS_FACTOR = 2;
/** The same bound while our choke has not left for the socket yet (see {@link onChokeSent}). */
export const CHOKE_IN_FLIGHT_REQUESTS_FACTOR = 16;
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
   * Our latest choke has not left for the socket yet. A capped uploader's choke waits behind
   * the blocks already queued in its throttle; until the peer reads it, an honest peer keeps
   * topping up its pipeline (one request per block received), so those requests are no flood.
   */
  chokeInFlight = false;
  /** Counts our chokes, so that a late flush of an older choke does not end a newer one's grace. */
  chokeGeneration = 0;
}

/**
 * We just sent a choke that leaves for the peer once `flushed` resolves: requests it sends until
 * then are not counted as requests while choked, and the count starts afresh.
 */
export function onChokeSent(peer: { readonly abuse: AbuseCounters }, flushed: Promise<void>): void {
  const abuse = peer.abuse;
  const generation = ++abuse.chokeGeneration;
  abuse.chokedRequests = 0;
  abuse.chokeInFlight = true;
  const done = (): void => {
    if (abuse.chokeGeneration !== generation) return;
    abuse.chokeInFlight = false;
    abuse.chokedRequests = 0; // from now on the peer can know it is choked
  };
  flushed.then(done, done);
}

/** A request arrived while the peer's queue was full; returns why to disconnect, or null. */
export function onOverflowRequest(peer: PeerConnection): string | null {
  if (++peer.abuse.overflowRequests <= MAX_OVERFLOW_REQUESTS) return null;
  return `request flood: more than ${MAX_OVERFLOW_REQUESTS} requests beyond the reqq limit`;
}

/** A request arrived while we choke the peer; returns why to disconnect, or null. */
export function onChokedRequest(peer: Pick<PeerConnection, 'abuse'>, maxPeerRequests: number): string | null {
  // While our choke is still queued (behind a throttle) the bound is wider, not gone: a peer that
  // never reads would otherwise keep it queued and flood us with requests to reject.
  const max = (peer.abuse.chokeInFlight ? CHOKE_IN_FLIGHT_REQUESTS_FACTOR : MAX_CHOKED_REQUESTS_FACTOR) * maxPeerRequests;
  if (++peer.abuse.chokedRequests <= max) return null;
  return `request flood while choked: more than ${max} requests since our choke`;
}

/** A block arrived that we did not ask for; returns why to disconnect, or null. */
export function onUnrequestedBlock(peer: PeerConnection, bytes: number): string | null {
  peer.abuse.unrequestedBytes += bytes;
  if (peer.abuse.unrequestedBytes <= MAX_UNREQUESTED_BYTES) return null;
  return `sent more than ${MAX_UNREQUESTED_BYTES} bytes of blocks nobody requested`;
}
