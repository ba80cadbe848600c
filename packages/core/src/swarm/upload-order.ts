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
 * Safety: with one peer (or none holding the piece) the order is plain FIFO, so a lone downloader
 * gets the full rate; a request bypassed {@link MAX_BYPASS} times is served next (no starvation);
 * a peer is rejected a given piece at most once, and only while it has other requests queued
 * (it is never left idle by a reject), so a re-request of that piece is served.
 */
import type { BlockRef } from '../wire/messages.js';

/** Requests served ahead of the oldest queued one before it is served regardless of rank. */
export const MAX_BYPASS = 512;

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
    if (!st) this.#peers.set(peer, (st = { sent: new Map(), rejected: new Set(), head: null, bypassed: 0 }));
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
      const keep = q.filter((r) => !rejectPieces.has(r.index));
      // Never leave the peer with nothing queued because of a reject: it may have no other source.
      if (keep.length > 0) {
        for (const r of q) if (rejectPieces.has(r.index)) rejects.push(r);
        for (const i of rejectPieces) st.rejected.add(i);
        q.length = 0;
        q.push(...keep);
      }
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
