/**
 * @module swarm/swarm-tick — the swarm's periodic work: progress events and pipeline depth
 * every second, request timeouts, metadata retries, rechoking every 10 s (BEP 3 choking with
 * an optimistic unchoke rotated every 30 s) and keep-alives.
 */
import type { PeerConnection } from './peer-connection.js';
import type { Swarm } from './swarm.js';
import { chooseUnchoked } from './unchoke-policy.js';

const TICK_MS = 1000;
const RECHOKE_EVERY = 10;
const OPTIMISTIC_EVERY = 30;
const KEEPALIVE_EVERY = 60;
/** A request unanswered this long is given back to the scheduler (the peer is snubbing us). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Pipeline depth bounds; the target covers ~1 s of the peer's measured rate. */
const MIN_DEPTH = 32;
const MAX_DEPTH = 256;
const BLOCK = 16384;
/** Default upload slots. */
const DEFAULT_SLOTS = 8;

/** Unchoke `peer` at once if it is interested and a slot is free (no waiting for the next round). */
export function tryUnchoke(s: Swarm, peer: PeerConnection): void {
  if (!peer.amChoking || !peer.peerInterested || !s.have) return;
  const slots = s.opts.uploadSlots ?? DEFAULT_SLOTS;
  let unchoked = 0;
  for (const p of s.peers) if (!p.amChoking) unchoked++;
  if (unchoked >= slots) return;
  peer.amChoking = false;
  peer.send({ type: 'unchoke' });
}

/** Drives a swarm's timers. */
export class SwarmTicker {
  readonly #s: Swarm;
  #handle: unknown;
  #ticks = 0;
  #optimistic: PeerConnection | undefined;

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
    for (const peer of s.peers) {
      const rate = peer.down.rate(now);
      peer.queueDepth = Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, Math.ceil(rate / BLOCK) + 8));
      for (const [key, ref] of peer.outstanding) {
        if (now - ref.sentAt < REQUEST_TIMEOUT_MS) continue;
        peer.outstanding.delete(key);
        s.scheduler?.onRequestDropped(peer, ref);
      }
      s.fetcher?.request(peer, now);
      s.fillRequests(peer);
      if (this.#ticks % KEEPALIVE_EVERY === 0) peer.send({ type: 'keep-alive' });
    }
    if (this.#ticks % RECHOKE_EVERY === 0) this.rechoke(this.#ticks % OPTIMISTIC_EVERY === 0);
    s.connectMore();
    if (s.have) s.events.emit('progress', s.stats());
  }

  /** Recompute the unchoked set (BEP 3 tit-for-tat plus one optimistic slot). */
  rechoke(rotateOptimistic: boolean): void {
    const s = this.#s;
    if (!s.have) return;
    const now = s.clock.now();
    const peers = [...s.peers];
    const { unchoke, optimistic } = chooseUnchoked(
      peers.map((peer) => ({ peer, interested: peer.peerInterested, downloadRate: peer.down.rate(now), uploadRate: peer.up.rate(now) })),
      {
        slots: s.opts.uploadSlots ?? DEFAULT_SLOTS,
        seeding: s.complete,
        ...(rotateOptimistic || !this.#optimistic ? {} : { optimistic: this.#optimistic }),
        ...(s.opts.random ? { random: s.opts.random } : {}),
      },
    );
    this.#optimistic = optimistic;
    for (const peer of peers) {
      const want = unchoke.has(peer);
      if (want && peer.amChoking) {
        peer.amChoking = false;
        peer.send({ type: 'unchoke' });
      } else if (!want && !peer.amChoking) {
        peer.amChoking = true;
        peer.send({ type: 'choke' });
        s.upload.onChoke(peer, new Set());
      }
    }
  }
}
