/**
 * @module swarm/request-flow — our side of the download: interest (BEP 3 interested /
 * not-interested) and topping up the request pipeline to each peer, batched and bounded in
 * memory.
 */
import { encodeRequests } from '../wire/encode.js';
import { blockKey, type PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';
import { DEPTH_REFRESH_MS, heldPieceBytesLimit, pipelineDepth } from './pipeline-limits.js';

/** When each peer's depth last followed its rate (clock ms). */
const depthAt = new WeakMap<PeerConnection, number>();

/**
 * Free slots needed before an interest check that changed nothing tops a pipeline up. Every
 * verified piece checks our interest in every peer: topping up there whatever was free (a few
 * slots) cost a picker pass and a socket write per peer per piece; blocks arriving top up in
 * batches anyway, and a pipeline emptied by the memory bound is refilled here in full.
 */
const RECHECK_BATCH = 32;

/** Send interested/not-interested when our interest changes (BEP 3), and request if interested. */
export function updateInterest(s: Swarm, peer: PeerConnection): void {
  const want = !!s.scheduler && !s.complete && s.scheduler.isInteresting(peer);
  const changed = want !== peer.amInterested;
  if (changed) {
    peer.amInterested = want;
    peer.send({ type: want ? 'interested' : 'not-interested' });
  }
  if (want) fillRequests(s, peer, changed ? 1 : RECHECK_BATCH);
}

/**
 * Top up our request pipeline to `peer`. `minBatch`: skip unless at least that many slots are
 * free (after each block: requests then go out in batches, in one write, and the picker runs
 * once per batch instead of once per block). The depth follows the peer's measured rate every
 * {@link DEPTH_REFRESH_MS} as blocks arrive (pipeline-limits.ts). While the pieces held in memory
 * (arriving, or waiting for hash and write) reach {@link heldPieceBytesLimit} of the download
 * rate, only blocks of pieces already started are requested: the disk or the hasher falling
 * behind slows the download down instead of filling memory, and started pieces can always finish.
 */
export function fillRequests(s: Swarm, peer: PeerConnection, minBatch = 1): void {
  const scheduler = s.scheduler;
  if (!scheduler || peer.closed || !peer.have || !peer.amInterested) return;
  const allowedOnly = peer.peerChoking;
  if (allowedOnly && peer.allowedFast.size === 0) return;
  const clock = s.clock.now();
  const at = depthAt.get(peer);
  if (at === undefined || clock - at >= DEPTH_REFRESH_MS) {
    depthAt.set(peer, clock);
    peer.queueDepth = pipelineDepth(peer.down.rate(clock), peer.conn.kind);
  }
  const cap = Math.min(peer.queueDepth, peer.ext.reqq ?? 128, s.limits.maxOwnRequests);
  const free = cap - peer.outstanding.size;
  if (free <= 0 || free < Math.min(minBatch, cap >> 1)) return;
  const refs = scheduler.pick(peer, free, allowedOnly, scheduler.heldBytes >= heldPieceBytesLimit(s.down.rate(clock)), clock);
  if (refs.length === 0) return;
  const now = clock - s.epoch;
  for (const ref of refs) peer.outstanding.set(blockKey(ref.index, ref.begin), { index: ref.index, begin: ref.begin, length: ref.length, sentAt: now });
  peer.sendRaw(encodeRequests(refs));
}
