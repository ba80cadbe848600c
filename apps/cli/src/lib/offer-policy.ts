/**
 * @module lib/offer-policy — when a CLI peer that also speaks TCP starts making WebRTC offers.
 *
 * Offers cost a native peer connection each (node-datachannel, ICE gathering), five per
 * announce, and any other CLI peer of the swarm that receives one answers it — so a swarm of
 * CLI peers that all reach each other over TCP would also open WebRTC links between themselves
 * (and double their connections) for nothing. With TCP on, the CLI therefore announces to the
 * relay's WebSocket tracker without offers (it stays reachable: a browser's offers still reach
 * it and are answered) and starts offering only when the tracker counts peers it is not
 * connected to once a grace period has passed since the announce — peers that TCP did not
 * reach, typically browser tabs that were there before us (later ones offer to us themselves).
 * Counts come from the tracker's announce reply (BEP 48 complete/incomplete, HTTP and
 * WebSocket peers alike on the relay, ourselves included).
 */

/** Offers per announce once offering (WebTorrent's default). */
export const OFFERS_PER_ANNOUNCE = 5;
/** How long after an announce reply TCP has to connect the peers the tracker counted. */
export const OFFER_GRACE_MS = 3000;
/**
 * Grace periods added, at most, while TCP is still connecting more peers (the count grew during
 * the last one): with eight CLI processes starting at once on two cores, connecting everyone took
 * longer than 3 s and every getter started WebRTC for peers TCP was about to reach.
 */
export const MAX_GRACE_EXTENSIONS = 2;

/** Swarm size from a tracker's announce reply. */
export interface TrackerCounts {
  complete: number;
  incomplete: number;
}

/**
 * Peers the tracker counts that we are not connected to: a seeder counts the leechers (seeders
 * do not connect to each other), a leecher every other peer; ourselves excluded.
 */
export function peersNotConnected(counts: TrackerCounts, selfComplete: boolean, connected: number): number {
  const others = selfComplete ? counts.incomplete : counts.complete + Math.max(0, counts.incomplete - 1);
  return Math.max(0, others - connected);
}

/** Options of {@link LazyOffers}. */
export interface LazyOffersOptions {
  /** Peers connected now (any transport). */
  connected: () => number;
  /** Whether we are a seeder now. */
  selfComplete: () => boolean;
  /** Called once, when offering starts (load WebRTC, re-announce with offers). */
  activate: () => void;
  /** Default {@link OFFER_GRACE_MS}. */
  graceMs?: number;
}

/** Decides, after each announce reply, whether to start offering; then offers from then on. */
export class LazyOffers {
  #active = false;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: LazyOffersOptions) {}

  /** Whether offering has started. */
  get active(): boolean {
    return this.#active;
  }

  /** Offers for the next announce: none until active. */
  offers(): number {
    return this.#active ? OFFERS_PER_ANNOUNCE : 0;
  }

  /** An announce reply: check the counts against our connections after the grace period. */
  onAnnounce(counts: TrackerCounts): void {
    if (this.#active || this.#stopped) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#arm(counts, this.opts.connected(), 0);
  }

  /** Check after a grace period; `before`: connections at its start. */
  #arm(counts: TrackerCounts, before: number, extensions: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped || this.#active) return;
      const now = this.opts.connected();
      if (peersNotConnected(counts, this.opts.selfComplete(), now) === 0) return;
      // TCP is still making progress: give it another period before loading WebRTC.
      if (now > before && extensions < MAX_GRACE_EXTENSIONS) this.#arm(counts, now, extensions + 1);
      else this.start();
    }, this.opts.graceMs ?? OFFER_GRACE_MS);
  }

  /** Start offering now (idempotent). */
  start(): void {
    if (this.#active || this.#stopped) return;
    this.#active = true;
    this.opts.activate();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
