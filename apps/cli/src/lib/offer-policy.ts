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
 *
 * Counts go stale as peers complete: a getter that keeps seeding closes its links to the other
 * complete peers ("both complete", they have nothing to trade), while the reply still counts
 * those peers as leechers (they announce `completed` a moment later). Read as "leechers not
 * connected", that opened WebRTC links 1-3 s after done that closed at once, each a native
 * connection setup (session 7). So peers whose links closed while we were complete (as "both
 * complete" on either end: the other end's close shows here as a plain close) since the reply
 * before the last one count as reached (by then their `completed` announce is in the counts); counts
 * taken while we were still downloading are not used once we are complete (the `completed`
 * announce's reply, sent at done, brings fresh ones). A seeder still offers when the counts list
 * leechers it is not connected to: a browser tab that was there before it must reach it.
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
  /** Whether we were complete when the last reply came (what its counts count us as). */
  #completeAtReply = false;
  /** Peers closed while we were complete since the last reply, and in the interval before it. */
  #doneSince = 0;
  #doneBefore = 0;
  /** The last reply's counts. */
  #counts: TrackerCounts | null = null;

  constructor(private readonly opts: LazyOffersOptions) {}

  /** Whether offering has started. */
  get active(): boolean {
    return this.#active;
  }

  /**
   * Offers for the next announce: none until active; none either once we are complete and the
   * last counts list no leecher we have not reached (offering started while downloading, e.g.
   * when TCP was slow at startup, would otherwise go on for every re-announce of the seeding).
   */
  offers(): number {
    if (!this.#active) return 0;
    if (this.opts.selfComplete() && (this.#counts === null || this.#missing(this.#counts) === 0)) return 0;
    return OFFERS_PER_ANNOUNCE;
  }

  /** An announce reply: check the counts against our connections after the grace period. */
  onAnnounce(counts: TrackerCounts): void {
    this.#doneBefore = this.#doneSince;
    this.#doneSince = 0;
    this.#completeAtReply = this.opts.selfComplete();
    this.#counts = counts;
    if (this.#active || this.#stopped) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#arm(counts, this.opts.connected(), 0);
  }

  /**
   * A peer's link closed. While we are complete, it was reached and is no leecher we must still
   * reach: it completed ("both complete" on our end, or a plain close when its end saw it first)
   * or it left. A leecher that is still there is counted as missing again two replies later.
   */
  onPeerClosed(): void {
    if (this.opts.selfComplete()) this.#doneSince++;
  }

  /** Peers the counts list that we neither connect nor reached before they completed. */
  #missing(counts: TrackerCounts): number {
    // Counts from while we were downloading: the `completed` announce's reply re-arms.
    if (this.opts.selfComplete() !== this.#completeAtReply) return 0;
    return peersNotConnected(counts, this.#completeAtReply, this.opts.connected() + this.#doneBefore + this.#doneSince);
  }

  /** Check after a grace period; `before`: connections at its start. */
  #arm(counts: TrackerCounts, before: number, extensions: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped || this.#active) return;
      const now = this.opts.connected();
      if (this.#missing(counts) === 0) return;
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
