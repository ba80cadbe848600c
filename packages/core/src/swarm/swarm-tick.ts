/**
 * @module swarm/swarm-tick — the swarm's periodic work: progress events and pipeline depth
 * every second, request timeouts, metadata retries, rechoking every 10 s (BEP 3 choking with
 * the core choker) and keep-alives.
 */
import { onChokeSent, onUnchokeSent } from './peer-abuse.js';
import type { PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';
import type { ChokeDecision, ChokerPeer } from '../choker/choker.js';
import { requestQueueDepth } from '../picker/request-pipeline.js';
import { maxPipelineDepth, MIN_PIPELINE_DEPTH } from './pipeline-limits.js';

const TICK_MS = 1000;
const RECHOKE_EVERY = 10;
const KEEPALIVE_EVERY = 60;
/** A request unanswered this long is given back to the scheduler (the peer is snubbing us). */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * A peer we have heard nothing from (not even a keep-alive) for this long is dropped. BEP 3 peers
 * send a keep-alive about every two minutes (we send one every 60 s; Transmission every 100 s,
 * libtorrent drops after 120 s); a dead or stalled link (a host gone without a FIN, a WebRTC
 * data channel whose SCTP association stopped delivering, docs/webrtc.md) or a hostile peer
 * that handshakes and then sits silent would otherwise hold a connection slot forever.
 */
export const PEER_SILENCE_MS = 180_000;

/** The choker's view of the swarm's peers. */
function chokerPeers(s: Swarm): ChokerPeer<PeerConnection>[] {
  const now = s.clock.now();
  return [...s.peers].map((p) => ({
    id: p,
    interested: p.peerInterested,
    downloadRate: p.down.rate(now),
    uploadRate: p.up.rate(now),
    connectedAt: p.connectedAt,
    ...(p.lastBlockAt !== undefined ? { lastBlockAt: p.lastBlockAt } : {}),
    amInterested: p.amInterested,
  }));
}

/** Send the choke/unchoke messages of a choker decision. */
function applyChokes(s: Swarm, d: ChokeDecision<PeerConnection>): void {
  for (const peer of d.unchoke) {
    if (peer.closed || !peer.amChoking) continue;
    peer.amChoking = false;
    onUnchokeSent(peer); // requests crossing our next choke are counted afresh
    peer.send({ type: 'unchoke' });
  }
  for (const peer of d.choke) {
    if (peer.closed || peer.amChoking) continue;
    peer.amChoking = true;
    peer.send({ type: 'choke' });
    onChokeSent(peer); // requests the peer sends before it can read this choke are not abuse
    s.upload.onChoke(peer, new Set());
  }
}

/** Between rounds: fill free slots now (a newly interested peer is unchoked at once) and drop departed holders. */
export function updateChokes(s: Swarm): void {
  if (!s.have || s.signal.aborted) return;
  applyChokes(s, s.choker.update(chokerPeers(s), s.clock.now(), s.complete));
}

/** Drives a swarm's timers. */
export class SwarmTicker {
  readonly #s: Swarm;
  #handle: unknown;
  #ticks = 0;

  constructor(s: Swarm) {
    this.#s = s;
  }

  start(): void {
    this.#handle = this.#s.clock.setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.#handle !== undefined) this.#s.clock.clearInterval(this.#handle);
    this.#handle = undefined;
  }

  /** One tick (public so tests with a manual clock can drive it). */
  tick(): void {
    const s = this.#s;
    if (s.signal.aborted) return;
    this.#ticks++;
    const now = s.clock.now();
    for (const peer of [...s.peers]) {
      if (now - peer.lastHeardAt > PEER_SILENCE_MS) {
        s.removePeer(peer, `silent for ${Math.round((now - peer.lastHeardAt) / 1000)} s (no message, not even a keep-alive)`);
        continue;
      }
      const rate = peer.down.rate(now);
      peer.queueDepth = requestQueueDepth(rate, { min: MIN_PIPELINE_DEPTH, max: maxPipelineDepth(peer.conn.kind), targetSeconds: 1 });
      for (const [key, ref] of peer.outstanding) {
        if (now - s.epoch - ref.sentAt < REQUEST_TIMEOUT_MS) continue;
        peer.release(key);
        s.scheduler?.onRequestDropped(peer, ref);
      }
      s.fetcher?.request(peer, now);
      s.layers?.request(peer);
      s.fillRequests(peer);
      if (this.#ticks % KEEPALIVE_EVERY === 0) peer.send({ type: 'keep-alive' });
    }
    if (this.#ticks % RECHOKE_EVERY === 0) this.rechoke();
    s.connectMore();
    if (s.have) s.events.emit('progress', s.stats());
  }

  /** A full choking round (BEP 3: every 10 s; the optimistic slot rotates every 30 s). */
  rechoke(): void {
    const s = this.#s;
    if (!s.have) return;
    applyChokes(s, s.choker.round(chokerPeers(s), s.clock.now(), s.complete));
  }
}
