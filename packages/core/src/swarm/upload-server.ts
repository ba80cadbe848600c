/**
 * @module swarm/upload-server — answers peers' `request` messages from storage (BEP 3).
 *
 * Each peer's requests are served in order by one loop that awaits the rate limiter, reads the
 * block (whole pieces are read once and cached briefly, since peers ask for a piece's blocks in
 * a row) and waits for the peer's write queue to drain, so a slow peer never makes us buffer
 * more than its high-water mark. Requests beyond `maxPeerRequests` are rejected (BEP 6) or
 * dropped.
 */
import type { Storage } from '../storage/storage.js';
import type { BlockRef } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';

/** Waits until `bytes` may be sent or received (a token bucket); resolves at once when unlimited. */
export interface RateGate {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/** Pieces kept in the read cache. */
const CACHE_PIECES = 8;

/** Serves blocks to peers. */
export class UploadServer {
  readonly #storage: () => Storage | null;
  readonly #layout: () => PieceLayout | null;
  readonly #gate: RateGate | undefined;
  readonly #onSent: (peer: PeerConnection, bytes: number) => void;
  readonly #maxRequests: number;
  readonly #serving = new Set<PeerConnection>();
  readonly #cache = new Map<number, Promise<Uint8Array>>();
  readonly #signal: AbortSignal;

  constructor(opts: {
    storage: () => Storage | null;
    layout: () => PieceLayout | null;
    gate?: RateGate;
    maxPeerRequests: number;
    signal: AbortSignal;
    onSent: (peer: PeerConnection, bytes: number) => void;
  }) {
    this.#storage = opts.storage;
    this.#layout = opts.layout;
    this.#gate = opts.gate;
    this.#maxRequests = opts.maxPeerRequests;
    this.#signal = opts.signal;
    this.#onSent = opts.onSent;
  }

  /**
   * Queue a validated request (the piece is ours, the peer is unchoked or allowed-fast). Returns
   * false when the peer's queue was full and the request was refused (the caller counts abuse).
   */
  enqueue(peer: PeerConnection, ref: BlockRef): boolean {
    if (peer.incoming.length >= this.#maxRequests) {
      // BEP 6: with the fast extension every request gets an answer, so reject; otherwise drop.
      if (peer.fast) peer.send({ type: 'reject', ...ref });
      return false;
    }
    peer.incoming.push({ index: ref.index, begin: ref.begin, length: ref.length });
    if (!this.#serving.has(peer)) void this.#serve(peer);
    return true;
  }

  /** BEP 3 `cancel`: forget a queued request. */
  cancel(peer: PeerConnection, ref: BlockRef): void {
    const i = peer.incoming.findIndex((r) => r.index === ref.index && r.begin === ref.begin && r.length === ref.length);
    if (i >= 0) peer.incoming.splice(i, 1);
  }

  /** We choked the peer: drop (BEP 3) or reject (BEP 6) what it asked for, except allowed-fast. */
  onChoke(peer: PeerConnection, allowedFast: ReadonlySet<number>): void {
    const keep: BlockRef[] = [];
    for (const r of peer.incoming) {
      if (allowedFast.has(r.index)) keep.push(r);
      else if (peer.fast) peer.send({ type: 'reject', ...r });
    }
    peer.incoming.length = 0;
    peer.incoming.push(...keep);
  }

  /** Forget cached piece data (e.g. after storage changed). */
  clearCache(): void {
    this.#cache.clear();
  }

  async #serve(peer: PeerConnection): Promise<void> {
    this.#serving.add(peer);
    try {
      while (peer.incoming.length > 0 && !peer.closed && !this.#signal.aborted) {
        const ref = peer.incoming[0]!;
        if (this.#gate) await this.#gate.take(ref.length, this.#signal);
        const piece = await this.#readPiece(ref.index);
        if (peer.closed) break;
        // Still wanted? (a cancel or choke may have removed it while we waited)
        if (peer.incoming[0] !== ref) continue;
        peer.incoming.shift();
        peer.sendPiece(ref.index, ref.begin, piece.subarray(ref.begin, ref.begin + ref.length));
        this.#onSent(peer, ref.length);
        await peer.drained();
      }
    } catch (err) {
      if (!this.#signal.aborted) peer.close(`upload failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.#serving.delete(peer);
    }
  }

  #readPiece(index: number): Promise<Uint8Array> {
    const cached = this.#cache.get(index);
    if (cached) {
      this.#cache.delete(index);
      this.#cache.set(index, cached);
      return cached;
    }
    const storage = this.#storage();
    const layout = this.#layout();
    if (!storage || !layout) return Promise.reject(new Error('no storage'));
    const size = layout.size(index);
    const wire = layout.wireSize(index);
    // v2: bytes past a file's end (up to the piece boundary) read as zeros for peers that pad.
    const p = storage.read(layout.offset(index), size).then((data) => {
      if (wire <= size) return data;
      const padded = new Uint8Array(wire);
      padded.set(data);
      return padded;
    });
    this.#cache.set(index, p);
    p.catch(() => this.#cache.delete(index));
    while (this.#cache.size > CACHE_PIECES) this.#cache.delete(this.#cache.keys().next().value!);
    return p;
  }
}
