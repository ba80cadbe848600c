/**
 * @module swarm/request-flow — our side of the download: interest (BEP 3 interested /
 * not-interested) and topping up the request pipeline to each peer, batched and bounded in
 * memory.
 */
import { encodeRequests } from '../wire/encode.js';
import { blockKey, type PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';
import { MAX_HELD_PIECE_BYTES } from './pipeline-limits.js';


/** Send interested/not-interested when our interest changes (BEP 3), and request if interested. */
export function updateInterest(s: Swarm, peer: PeerConnection): void {
  const want = !!s.scheduler && !s.complete && s.scheduler.isInteresting(peer);
  if (want !== peer.amInterested) {
    peer.amInterested = want;
    peer.send({ type: want ? 'interested' : 'not-interested' });
  }
  if (want) fillRequests(s, peer);
}

/**
 * Top up our request pipeline to `peer`. `minBatch`: skip unless at least that many slots are
 * free (after each block: requests then go out in batches, in one write, and the picker runs
 * once per batch instead of once per block). While the pieces held in memory (arriving, or
 * waiting for hash and write) reach {@link MAX_HELD_PIECE_BYTES}, only blocks of pieces already
 * started are requested: the disk or the hasher falling behind slows the download down instead
 * of filling memory, and started pieces can always finish.
 */
export function fillRequests(s: Swarm, peer: PeerConnection, minBatch = 1): void {
  const scheduler = s.scheduler;
  if (!scheduler || peer.closed || !peer.have || !peer.amInterested) return;
  const allowedOnly = peer.peerChoking;
  if (allowedOnly && peer.allowedFast.size === 0) return;
  const cap = Math.min(peer.queueDepth, peer.ext.reqq ?? 128, s.limits.maxOwnRequests);
  const free = cap - peer.outstanding.size;
  if (free <= 0 || free < Math.min(minBatch, cap >> 1)) return;
  const refs = scheduler.pick(peer, free, allowedOnly, scheduler.heldBytes >= MAX_HELD_PIECE_BYTES, s.clock.now());
  if (refs.length === 0) return;
  const now = s.clock.now() - s.epoch;
  for (const ref of refs) peer.outstanding.set(blockKey(ref.index, ref.begin), { index: ref.index, begin: ref.begin, length: ref.length, sentAt: now });
  peer.sendRaw(encodeRequests(refs));
}
