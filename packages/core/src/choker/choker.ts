/**
 * @module choker/choker — who may download from us. Pure and deterministic for a given random
 * source: peers' stats and the time come in, choke/unchoke decisions go out; the swarm owns the
 * timers and the wire messages.
 *
 * Policy (BEP 3 conventions, as mainline and libtorrent):
 * - `slots` regular upload slots (default 4) plus `optimisticSlots` (default 1).
 * - Every round (call `round` every `roundMs`, 10 s): regular slots go to the interested peers
 *   that give us the most — by their download rate to us while leeching (tit-for-tat), by our
 *   upload rate to them when seeding (serve those who take fastest). Ties keep current holders.
 * - Every `optimisticMs` (30 s) the optimistic slot rotates to a random interested, choked peer;
 *   peers connected for less than `newPeerMs` weigh 3× so newcomers get a first piece to trade.
 * - Between rounds (`update`, on any peer event) free slots are filled at once: a newly
 *   interested peer is unchoked immediately when a slot is free, instead of waiting up to 10 s
 *   for the next round (as aria2 does).
 * - Snubbing: while leeching, a peer we want data from that has sent no block for `snubMs`
 *   (60 s) loses its regular slot; it can still win the optimistic one.
 * - Peers that are not interested hold no slot.
 */

/** What the choker needs to know about one connected peer. */
export interface ChokerPeer<P> {
  readonly id: P;
  /** The peer is interested in our pieces (BEP 3 `interested`). */
  readonly interested: boolean;
  /** Bytes/s we receive from the peer (recent, e.g. a 20 s window). */
  readonly downloadRate: number;
  /** Bytes/s we send to the peer. */
  readonly uploadRate: number;
  /** When the connection was made (ms). */
  readonly connectedAt: number;
  /** When the last block from the peer arrived (ms); undefined if none yet. */
  readonly lastBlockAt?: number;
  /** We are interested in the peer; only then can it snub us. Default true. */
  readonly amInterested?: boolean;
}

/** Options of {@link createChoker}. */
export interface ChokerOptions {
  readonly slots?: number;
  readonly optimisticSlots?: number;
  readonly roundMs?: number;
  readonly optimisticMs?: number;
  readonly snubMs?: number;
  readonly newPeerMs?: number;
  /** Random source in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

/** Default timings and slot counts. */
export const CHOKER_DEFAULTS = {
  slots: 4,
  optimisticSlots: 1,
  roundMs: 10_000,
  optimisticMs: 30_000,
  snubMs: 60_000,
  newPeerMs: 60_000,
} as const;

/** A choking decision: the full unchoked set and what changed since the previous decision. */
export interface ChokeDecision<P> {
  /** Send `unchoke` to these (newly unchoked). */
  readonly unchoke: P[];
  /** Send `choke` to these (newly choked, still connected). */
  readonly choke: P[];
  /** Everyone unchoked after this decision (regular and optimistic). */
  readonly unchoked: P[];
  /** The optimistic unchokes among them. */
  readonly optimistic: P[];
}

/** The choker of one torrent. */
export interface Choker<P> {
  /** A full round (call every `roundMs`): re-rank regular slots, rotate the optimistic one when due. */
  round(peers: readonly ChokerPeer<P>[], now: number, seeding: boolean): ChokeDecision<P>;
  /** Between rounds (peer joined, left, became (un)interested): drop invalid holders, fill free slots now. */
  update(peers: readonly ChokerPeer<P>[], now: number, seeding: boolean): ChokeDecision<P>;
  isUnchoked(id: P): boolean;
  /** True when the peer is snubbed at `now`. */
  isSnubbed(peer: ChokerPeer<P>, now: number, seeding: boolean): boolean;
}

/** Creates a choker; see the module comment for the policy. */
export function createChoker<P>(options: ChokerOptions = {}): Choker<P> {
  const o = { ...CHOKER_DEFAULTS, ...options };
  const random = options.random ?? Math.random;
  let regular: P[] = [];
  let optimistic: P[] = [];
  let optimisticAt = -Infinity;

  const isSnubbed = (p: ChokerPeer<P>, now: number, seeding: boolean): boolean =>
    !seeding && (p.amInterested ?? true) && now - (p.lastBlockAt ?? p.connectedAt) > o.snubMs;
  const rateOf = (p: ChokerPeer<P>, seeding: boolean): number => (seeding ? p.uploadRate : p.downloadRate);

  /** Best first: rate, then current holders (stability), then random. */
  const rank = (list: ChokerPeer<P>[], seeding: boolean): ChokerPeer<P>[] => {
    const keyed = list.map((p) => ({ p, r: rateOf(p, seeding), held: regular.includes(p.id) ? 1 : 0, t: random() }));
    keyed.sort((a, b) => b.r - a.r || b.held - a.held || a.t - b.t);
    return keyed.map((k) => k.p);
  };

  /** Weighted random choice of `count` optimistic peers; newcomers weigh 3×. */
  const chooseOptimistic = (pool: ChokerPeer<P>[], count: number, now: number): P[] => {
    const out: P[] = [];
    const left = [...pool];
    while (out.length < count && left.length > 0) {
      const weights = left.map((p) => (now - p.connectedAt < o.newPeerMs ? 3 : 1));
      let x = random() * weights.reduce((a, b) => a + b, 0);
      let k = 0;
      while (k < left.length - 1 && x >= weights[k]!) x -= weights[k++]!;
      out.push(left[k]!.id);
      left.splice(k, 1);
    }
    return out;
  };

  const decide = (peers: readonly ChokerPeer<P>[], now: number, seeding: boolean, full: boolean): ChokeDecision<P> => {
    const before = new Set([...regular, ...optimistic]);
    const byId = new Map(peers.map((p) => [p.id, p]));
    const interested = peers.filter((p) => p.interested);
    const valid = (id: P): boolean => byId.get(id)?.interested ?? false;

    optimistic = optimistic.filter(valid);
    const rotate = full && now - optimisticAt >= o.optimisticMs;
    if (rotate) optimistic = [];

    const eligible = interested.filter((p) => !isSnubbed(p, now, seeding) && !optimistic.includes(p.id));
    if (full) {
      regular = rank(eligible, seeding).slice(0, o.slots).map((p) => p.id);
    } else {
      regular = regular.filter((id) => valid(id) && !isSnubbed(byId.get(id)!, now, seeding));
      const free = o.slots - regular.length;
      if (free > 0) {
        const waiting = eligible.filter((p) => !regular.includes(p.id));
        regular.push(...rank(waiting, seeding).slice(0, free).map((p) => p.id));
      }
    }

    if (optimistic.length < o.optimisticSlots) {
      const pool = interested.filter((p) => !regular.includes(p.id) && !optimistic.includes(p.id));
      const picked = chooseOptimistic(pool, o.optimisticSlots - optimistic.length, now);
      if (picked.length > 0 || rotate) optimisticAt = now;
      optimistic.push(...picked);
    }

    const after = [...regular, ...optimistic];
    const afterSet = new Set(after);
    return {
      unchoke: after.filter((id) => !before.has(id)),
      choke: [...before].filter((id) => !afterSet.has(id) && byId.has(id)),
      unchoked: after,
      optimistic: [...optimistic],
    };
  };

  return {
    round: (peers, now, seeding) => decide(peers, now, seeding, true),
    update: (peers, now, seeding) => decide(peers, now, seeding, false),
    isUnchoked: (id) => regular.includes(id) || optimistic.includes(id),
    isSnubbed,
  };
}
