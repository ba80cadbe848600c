/**
 * @module swarm/upload-order — which queued request a rate-capped uploader serves next, so a
 * seeder facing a crowd sends each piece out about once (issue 8, flash crowd).
 *
 * When our upload is capped, every byte we send to one peer is a byte another peer waits for.
 * Downloaders pick rarest-first from the HAVEs they see, not from what is in flight, so several
 * ask us for the same pieces at once. The remedy (the idea of BEP 16 super-seeding, kept safe):
 * serve first the pieces we have sent least to *other* peers and that no other connected peer
 * has yet; a piece already sent whole to others and now held by another connected peer can be
 * fetched there, so a fast-extension peer's request for it may get a BEP 6 `reject request`.
 *
 * Hold (BEP 16's "do not send a piece again before it has spread"): when every piece a peer asks
 * for has already been sent whole to other peers and none of them has announced it yet (it is in
 * flight or being verified there), the peer's queue is held for up to {@link MAX_HOLD_MS} instead
 * of sending a second copy; our capped upload goes to peers asking for pieces not sent yet. Such
 * a piece also comes after everything else in a queue that is not held (a re-request of a piece
 * we rejected, say): until 2026-11-25 it ranked ahead of those and went out a second time (issue
 * 8: a third of the seeder's duplicate bytes at N = 8). Once
 * another connected peer announces such a piece (HAVE), the held peer's request for it gets a BEP 6
 * `reject request` and the peer fetches it there (it asks others for that piece for 2 s).
 *
 * Safety: with one peer the order is plain FIFO (nothing was sent to others: every rank is 0), so
 * a lone downloader gets the full rate and is never held or rejected; a request bypassed
 * {@link MAX_BYPASS} times is served next (no starvation); a hold ends after
 * {@link MAX_HOLD_MS}; a peer is rejected a given piece at most once, so a re-request of that
 * piece is served, and only pieces sent whole to others that another connected peer has (so a
 * reject may leave it with nothing queued here: it has another source).
 */
import type { BlockRef } from '../wire/messages.js';

/** Decisions that serve others ahead of the oldest queued request before it is served regardless of rank. */
export const MAX_BYPASS = 512;
/** Longest a peer's queue is held while every piece in it is on its way to other peers (ms). */
export const MAX_HOLD_MS = 1000;
/** How often a held queue is looked at again (ms): HAVEs arriving meanwhile end the hold. */
export const HOLD_POLL_MS = 25;

/** What the order needs to know about one peer. */
export interface OrderPeer {
  /** BEP 6 fast extension: a request may be answered with `reject request`. */
  readonly fast: boolean;
  /** The peer's queued requests, oldest first; {@link UploadOrder.next} reorders it in place. */
  readonly incoming: BlockRef[];
}

/** What to do with a peer's queue now (see {@link UploadOrder.next}). */
export interface OrderDecision {
  /** Requests to answer with BEP 6 `reject request` (already removed from the queue). */
  readonly rejects: readonly BlockRef[];
  /** Milliseconds to wait before deciding again; 0: serve the first queued request now. */
  readonly holdMs: number;
}

const NOTHING: OrderDecision = { rejects: [], holdMs: 0 };

/** Per-peer bookkeeping. */
interface PeerState {
  /** Bytes of each piece sent to this peer. */
  readonly sent: Map<number, number>;
  /** Pieces this peer was rejected once (never again). */
  readonly rejected: Set<number>;
  /** The oldest queued request and how many times another was served before it. */
  head: BlockRef | null;
  bypassed: number;
  /** When the current hold began (clock ms), or null when not held. */
  heldSince: number | null;
}

/** Upload order of one torrent; pure (no I/O): the upload server applies its decisions. */
export class UploadOrder<P extends OrderPeer> {
  /** Bytes of each piece sent to anyone. */
  readonly #sent: Float64Array;
  readonly #peers = new WeakMap<P, PeerState>();
  readonly #pieceSize: (index: number) => number;
  /** Arrival number of each queued request (see {@link UploadOrder.next}: starvation bound). */
  readonly #seq = new WeakMap<BlockRef, number>();
  #nextSeq = 0;

  constructor(pieceCount: number, pieceSize: (index: number) => number) {
    this.#sent = new Float64Array(pieceCount);
    this.#pieceSize = pieceSize;
  }

  #state(peer: P): PeerState {
    let st = this.#peers.get(peer);
    if (!st) this.#peers.set(peer, (st = { sent: new Map(), rejected: new Set(), head: null, bypassed: 0, heldSince: null }));
    return st;
  }

  /** `bytes` of piece `index` were sent to `peer`. */
  noteSent(peer: P, index: number, bytes: number): void {
    if (index >= this.#sent.length) return;
    this.#sent[index]! += bytes;
    const st = this.#state(peer);
    st.sent.set(index, (st.sent.get(index) ?? 0) + bytes);
  }

  /**
   * `peer` left: what we sent it no longer counts as on its way to someone. Without this, a
   * getter that joins after another left was held (up to {@link MAX_HOLD_MS} per decision) on
   * every piece the departed peer had received whole, since no connected peer announces them.
   */
  forget(peer: P): void {
    const st = this.#peers.get(peer);
    if (!st) return;
    for (const [index, bytes] of st.sent) this.#sent[index] = Math.max(0, this.#sent[index]! - bytes);
    this.#peers.delete(peer);
  }

  /** Copies of piece `index` sent so far (bytes sent / piece size). */
  copies(index: number): number {
    return this.#sent[index]! / this.#pieceSize(index);
  }

  /**
   * One decision per batch served, in one pass over `peer.incoming`: the BEP 6 rejects to send
   * (already removed from the queue), how long to hold the queue (ms; 0 = serve now), and, when
   * not held, the queue put in serving order (the upload server sends its front, one request or a
   * batch of them). `othersHave(i)`: some other connected peer has piece `i`.
   *
   * Rank, lower first: bytes of the piece sent to other peers, plus one piece when another
   * connected peer has it; a piece sent whole to others that none has announced yet comes last
   * (it is on its way: served only when a hold ends); ties keep queue order. A piece sent whole to others that another
   * connected peer has is rejected to a fast peer (once per piece). The queue is held when every
   * piece in it was sent whole to others, none of which has announced it yet, for at most
   * {@link MAX_HOLD_MS} since the hold began. The oldest request goes first once others were
   * served first in {@link MAX_BYPASS} decisions.
   */
  next(peer: P, othersHave: (index: number) => boolean, now: number): OrderDecision {
    const q = peer.incoming;
    const st = this.#state(peer);
    if (q.length === 0) {
      st.heldSince = null;
      return NOTHING;
    }
    const ranks = new Map<number, number>();
    let rejectPieces: Set<number> | null = null;
    /** Every distinct queued piece went whole to others and no other connected peer has it. */
    let allInFlight = true;
    let prev = -1;
    for (const r of q) {
      if (r.index === prev || ranks.has(r.index)) continue; // a piece's blocks come in a row
      prev = r.index;
      const size = this.#pieceSize(r.index);
      const toOthers = (this.#sent[r.index] ?? 0) - (st.sent.get(r.index) ?? 0);
      const held = othersHave(r.index);
      // Sent whole to others and not announced yet: it is on its way to them, so serve anything
      // else first (a re-request of a piece we rejected, say), and hold when nothing else is queued.
      const inFlight = !held && toOthers >= size;
      ranks.set(r.index, inFlight ? Infinity : toOthers + (held ? size : 0));
      if (!inFlight) allInFlight = false;
      // Sent whole to others, and someone else connected has it: fetch it there (BEP 6).
      if (peer.fast && held && toOthers >= size && !st.rejected.has(r.index)) (rejectPieces ??= new Set()).add(r.index);
    }
    let rejects: BlockRef[] = [];
    if (rejectPieces) {
      // This may leave the peer with nothing queued here: each rejected piece went whole to
      // others and a connected peer has it; a re-request of it is served (rejected once only).
      rejects = q.filter((r) => rejectPieces.has(r.index));
      for (const i of rejectPieces) st.rejected.add(i);
      const keep = q.filter((r) => !rejectPieces.has(r.index));
      q.length = 0;
      q.push(...keep);
    }
    if (q.length === 0) {
      st.heldSince = null;
      return { rejects, holdMs: 0 };
    }
    if (allInFlight) {
      // BEP 16's rule: do not send a piece again before it has spread.
      st.heldSince ??= now;
      const left = st.heldSince + MAX_HOLD_MS - now;
      if (left > 0) return { rejects, holdMs: Math.min(HOLD_POLL_MS, left) };
    } else st.heldSince = null;
    // The oldest queued request (arrival order: requests are appended, and each is numbered the
    // first time it is seen here) and how many decisions served others before it.
    let oldest = q[0]!;
    let oldestSeq = Infinity;
    let sorted = true;
    for (let k = 0; k < q.length; k++) {
      const r = q[k]!;
      let seq = this.#seq.get(r);
      if (seq === undefined) this.#seq.set(r, (seq = this.#nextSeq++));
      if (seq < oldestSeq) {
        oldestSeq = seq;
        oldest = r;
      }
      if (k > 0 && ranks.get(r.index)! < ranks.get(q[k - 1]!.index)!) sorted = false;
    }
    if (st.head !== oldest) {
      st.head = oldest;
      st.bypassed = 0;
    }
    if (st.bypassed >= MAX_BYPASS) {
      // The oldest waited long enough: serve it next.
      if (q[0] !== oldest) {
        q.splice(q.indexOf(oldest), 1);
        q.unshift(oldest);
      }
      return { rejects, holdMs: 0 };
    }
    // The whole queue in serving order (rank, then queue order: a stable sort), not only its first
    // request: the upload server sends the requests behind the first in the same write when their
    // data is at hand (a batch of up to the gate's batch bytes), and a block of a piece on its way to
    // another peer is at hand precisely because it was just read for that peer. With only the first
    // request chosen, the rest of each batch went out in queue order, and two getters asking for
    // the same pieces both got them (issue 8, N = 2: the capped seeder sent 1.6-1.9 copies).
    if (!sorted) {
      q.sort((x, y) => {
        const a = ranks.get(x.index)!;
        const b = ranks.get(y.index)!;
        return a < b ? -1 : a > b ? 1 : 0;
      });
    }
    if (q[0] !== oldest) st.bypassed++;
    return { rejects, holdMs: 0 };
  }
}
