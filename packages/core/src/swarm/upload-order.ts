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
 * of sending a second copy; our capped upload goes to peers asking for pieces not sent yet. Once
 * another connected peer announces such a piece (HAVE), the held peer's request for it gets a BEP 6
 * `reject request` and the peer fetches it there (it asks others for that piece for 2 s).
 *
 * Safety: with one peer (or none holding the piece) the order is plain FIFO, so a lone downloader
 * gets the full rate (nothing was sent to others, so nothing is held); a request bypassed
 * {@link MAX_BYPASS} times is served next (no starvation); a hold ends after
 * {@link MAX_HOLD_MS}; a peer is rejected a given piece at most once, so a re-request of that
 * piece is served, and only pieces sent whole to others that another connected peer has (so a
 * reject may leave it with nothing queued here: it has another source).
 */
import type { BlockRef } from '../wire/messages.js';

/** Requests served ahead of the oldest queued one before it is served regardless of rank. */
export const MAX_BYPASS = 512;
/** Longest a peer's queue is held while every piece in it is on its way to other peers (ms). */
export const MAX_HOLD_MS = 1000;
/** How often a held queue is looked at again (ms): HAVEs arriving meanwhile end the hold. */
export const HOLD_POLL_MS = 25;

/** What the order needs to know about one peer. */
export interface OrderPeer {
  /** BEP 6 fast extension: a request may be answered with `reject request`. */
  readonly fast: boolean;
  /** The peer's queued requests, oldest first; {@link UploadOrder.arrange} reorders it in place. */
  readonly incoming: BlockRef[];
}

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

  /** Copies of piece `index` sent so far (bytes sent / piece size). */
  copies(index: number): number {
    return this.#sent[index]! / this.#pieceSize(index);
  }

  /**
   * How long to hold `peer`'s queue before looking again (ms; 0 = serve now): every queued piece
   * was sent whole to other peers, none of which has it yet (`othersHave(i)`: some other
   * connected peer has piece `i`), and the hold began less than {@link MAX_HOLD_MS} ago.
   */
  holdMs(peer: P, othersHave: (index: number) => boolean, now: number): number {
    const st = this.#state(peer);
    if (!this.#allSentElsewhere(peer, st) || peer.incoming.some((r) => othersHave(r.index))) {
      // Something new to send, or a piece others now hold (arrange rejects or ranks it).
      st.heldSince = null;
      return 0;
    }
    st.heldSince ??= now;
    const left = st.heldSince + MAX_HOLD_MS - now;
    return left > 0 ? Math.min(HOLD_POLL_MS, left) : 0;
  }

  /** Every queued piece was already sent whole to peers other than `peer`. */
  #allSentElsewhere(peer: P, st: PeerState): boolean {
    if (peer.incoming.length === 0) return false;
    for (const r of peer.incoming) {
      const toOthers = (this.#sent[r.index] ?? 0) - (st.sent.get(r.index) ?? 0);
      if (toOthers < this.#pieceSize(r.index)) return false;
    }
    return true;
  }

  /**
   * Move the request to serve next to the front of `peer.incoming`, and return the requests to
   * answer with BEP 6 `reject request` (already removed from the queue). `othersHave(i)`: some
   * other connected peer has piece `i`. Rank, lower first: bytes of the piece sent to other
   * peers, plus one piece when another connected peer has it; ties keep queue order.
   */
  arrange(peer: P, othersHave: (index: number) => boolean): BlockRef[] {
    const q = peer.incoming;
    if (q.length === 0) return [];
    const st = this.#state(peer);
    const ranks = new Map<number, number>();
    const rejects: BlockRef[] = [];
    const rejectPieces = new Set<number>();
    for (const r of q) {
      if (ranks.has(r.index)) continue;
      const size = this.#pieceSize(r.index);
      const toOthers = (this.#sent[r.index] ?? 0) - (st.sent.get(r.index) ?? 0);
      const held = othersHave(r.index);
      ranks.set(r.index, toOthers + (held ? size : 0));
      // Sent whole to others, and someone else connected has it: fetch it there (BEP 6).
      if (peer.fast && held && toOthers >= size && !st.rejected.has(r.index)) rejectPieces.add(r.index);
    }
    if (rejectPieces.size > 0) {
      // This may leave the peer with nothing queued here: each rejected piece went whole to
      // others and a connected peer has it; a re-request of it is served (rejected once only).
      for (const r of q) if (rejectPieces.has(r.index)) rejects.push(r);
      for (const i of rejectPieces) st.rejected.add(i);
      const keep = q.filter((r) => !rejectPieces.has(r.index));
      q.length = 0;
      q.push(...keep);
      if (q.length === 0) return rejects;
    }
    let best = 0;
    let bestRank = ranks.get(q[0]!.index)!;
    for (let k = 1; k < q.length && bestRank > 0; k++) {
      const rank = ranks.get(q[k]!.index)!;
      if (rank < bestRank) {
        best = k;
        bestRank = rank;
      }
    }
    const head = q[0]!;
    if (best !== 0) {
      if (st.head === head) st.bypassed++;
      else {
        st.head = head;
        st.bypassed = 1;
      }
      if (st.bypassed > MAX_BYPASS) return rejects; // the oldest waited long enough: serve it
      const [chosen] = q.splice(best, 1);
      q.unshift(chosen!);
    }
    return rejects;
  }
}
