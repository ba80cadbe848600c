/**
 * @module swarm/upload-server — answers peers' `request` messages from storage (BEP 3).
 *
 * Each peer's requests are served by one loop that awaits the rate limiter, reads the block and
 * waits for the peer's write queue to drain, so a slow peer never makes us buffer more than its
 * high-water mark. Uncapped, a queue is served in arrival order; under a rate cap, in the order
 * upload-capped.ts puts it in (pieces least sent to others first, holds, BEP 6 rejects).
 * Requests beyond `maxPeerRequests` are rejected (BEP 6) or dropped.
 *
 * Reads: peers ask for a piece's blocks in a row, so a piece is read once, in chunks of up to
 * 1 MiB, into a slot of a bounded {@link PieceBufferPool} laid out as ready `piece` messages
 * (header, block, header, block...), and blocks go out as zero-copy views of that slot,
 * consecutive ones as one view (one socket write for many messages, no allocation per block).
 * Each block view keeps its slot referenced until the connection reports it written
 * (PeerConnection.flushed), and a peer holds at most PEER_UNFLUSHED_BYTES of such blocks
 * (upload-unflushed.ts), so one stalled reader cannot pin the whole pool. Connections that
 * cannot report writes (no Connection.flushed) get pieces read into fresh buffers, cached
 * briefly (upload-piece-cache.ts).
 */
import { blockMessage } from '../wire/block-message.js';
import type { Storage } from '../storage/storage.js';
import type { BlockRef } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';
import { PieceBufferPool, type PoolSlot } from './piece-buffer-pool.js';
import { CappedUpload, gateBatchBytes } from './upload-capped.js';
import { UploadPieceCache } from './upload-piece-cache.js';
import { UnflushedBlocks } from './upload-unflushed.js';
import { BLOCK, FRAME, fillSlot, locate, type Location } from './upload-slot.js';
import { PIECE_HEADER_LENGTH } from '../wire/encode.js';
import { systemClock, type Clock } from './types.js';
import { clockSleep } from './clock-sleep.js';

/** Waits until `bytes` may be sent or received (a token bucket); resolves at once when unlimited. */
export interface RateGate {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/** Largest pool slot: pieces above this are read in chunks of this size. */
const MAX_SLOT_BYTES = 1 << 20;
/** Memory of the piece-buffer pool (at least MIN_SLOTS slots). */
const POOL_BYTES = 16 << 20;
const MIN_SLOTS = 4;
/** Bytes of sent blocks a peer may have unwritten (slots pinned) before its loop waits for them. */
const PEER_UNFLUSHED_BYTES = 2 << 20;

/** Requests served in one pass without an await, while the peer's write queue is below this. */
const BATCH_BYTES = 512 * 1024;
/** Serves blocks to peers. */
export class UploadServer {
  readonly #storage: () => Storage | null;
  readonly #layout: () => PieceLayout | null;
  readonly #gate: RateGate | undefined;
  readonly #onSent: (peer: PeerConnection, bytes: number) => void;
  readonly #maxRequests: number;
  readonly #serving = new Set<PeerConnection>();
  /** Fresh-buffer reads for connections without write reports (upload-piece-cache.ts). */
  readonly #cache: UploadPieceCache;
  readonly #signal: AbortSignal;
  readonly #clock: Clock;
  #pool: PieceBufferPool | null = null;
  readonly #poolBytes: number;
  readonly #peerUnflushed: number;
  readonly #unflushed = new WeakMap<PeerConnection, UnflushedBlocks>();
  /** With a rate cap: the serving order across peers and unspent tokens (upload-capped.ts). */
  readonly #capped: CappedUpload | null;
  /** Scratch for {@link locate} (no object per request). */
  readonly #loc: Location = { key: 0, start: 0, length: 0 };

  constructor(opts: {
    storage: () => Storage | null;
    layout: () => PieceLayout | null;
    gate?: RateGate;
    maxPeerRequests: number;
    signal: AbortSignal;
    onSent: (peer: PeerConnection, bytes: number) => void;
    /** Memory of the piece-buffer pool (default 16 MiB; at least 4 slots). */
    poolBytes?: number;
    /** Sent, unwritten bytes a peer may pin before its loop waits (default 2 MiB). */
    peerUnflushedBytes?: number;
    /** Time and timers for holding queues (upload-order.ts); default the system clock. */
    clock?: Clock;
  }) {
    this.#clock = opts.clock ?? systemClock;
    this.#poolBytes = opts.poolBytes ?? POOL_BYTES;
    this.#peerUnflushed = opts.peerUnflushedBytes ?? PEER_UNFLUSHED_BYTES;
    this.#storage = opts.storage;
    this.#layout = opts.layout;
    this.#gate = opts.gate;
    this.#maxRequests = opts.maxPeerRequests;
    this.#signal = opts.signal;
    this.#onSent = opts.onSent;
    this.#cache = new UploadPieceCache(opts.storage, opts.layout);
    this.#capped = opts.gate ? new CappedUpload(opts.layout, this.#clock) : null;
  }

  /**
   * Queue a validated request (the piece is ours, the peer is unchoked or allowed-fast). Returns
   * false when the peer's queue was full and the request was refused (the caller counts abuse).
   */
  enqueue(peer: PeerConnection, ref: BlockRef): boolean {
    if (peer.incoming.length >= this.#maxRequests) {
      // BEP 6: with the fast extension every request gets an answer, so reject; otherwise drop.
      if (peer.fast) peer.send(blockMessage('reject', ref));
      return false;
    }
    peer.incoming.push({ index: ref.index, begin: ref.begin, length: ref.length });
    this.#capped?.addPeer(peer);
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
      else if (peer.fast) peer.send(blockMessage('reject', r));
    }
    peer.incoming.length = 0;
    peer.incoming.push(...keep);
  }

  /** Forget cached piece data (e.g. after storage changed). */
  clearCache(): void {
    this.#cache.clear();
    this.#pool?.clear();
  }

  /** The pool, created once the piece length is known (chunks of at most MAX_SLOT_BYTES). */
  get pool(): PieceBufferPool | null {
    return this.#pool;
  }

  async #serve(peer: PeerConnection): Promise<void> {
    this.#serving.add(peer);
    /** Bytes of the gate's tokens this loop took and has not spent yet. */
    let paid = 0;
    try {
      while (peer.incoming.length > 0 && !peer.closed && !this.#signal.aborted) {
        if (this.#gate && this.#capped) {
          // Rejects, hold, and which request goes next: one pass per decision (upload-order.ts).
          const { holdMs } = this.#capped.decide(peer);
          if (peer.incoming.length === 0) break;
          // Every piece it asks for is on its way to others: spend our capped upload elsewhere.
          if (holdMs > 0) {
            await clockSleep(this.#clock, holdMs, this.#signal);
            continue;
          }
          const need = gateBatchBytes(peer.incoming);
          if (paid < need) {
            paid += this.#capped.takeSpare(need - paid);
            if (paid < need) {
              await this.#gate.take(need - paid, this.#signal);
              paid = need;
              // Decide again with the HAVEs that arrived while we waited; the tokens stay ours,
              // so a hold now wastes none of our capped upload.
              continue;
            }
          }
        }
        const ref = peer.incoming[0]!;
        // Paid-for bytes this pass may send (all of them, uncapped); what it leaves stays paid.
        const allowance = this.#gate ? paid : Infinity;
        if (peer.tracksWrites) {
          const spent = await this.#servePooled(peer, ref, allowance);
          if (spent !== null) {
            if (this.#gate) paid -= spent;
            continue;
          }
        }
        const piece = await this.#cache.read(ref.index);
        if (peer.closed) break;
        // Still wanted? (a cancel or choke may have removed it while we waited)
        if (peer.incoming[0] !== ref) continue;
        if (this.#gate) paid -= ref.length;
        peer.incoming.shift();
        peer.sendPiece(ref.index, ref.begin, piece.subarray(ref.begin, ref.begin + ref.length));
        this.#sent(peer, ref);
        await peer.drained();
      }
    } catch (err) {
      if (!this.#signal.aborted) peer.close(`upload failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.#serving.delete(peer);
      // Tokens taken for a block this peer no longer wants (cancelled, rejected, choked, gone)
      // go to the next peer's block instead of being lost.
      this.#capped?.giveSpare(paid);
    }
  }

  /**
   * Serve `ref` from a pool slot; null when it is not a whole 16 KiB-grid block (the
   * fresh-buffer path takes it). Otherwise returns the bytes of blocks sent (0 when it is no
   * longer wanted): `ref`, plus the requests behind it while the total stays within `allowance`
   * (the tokens paid for). Requests behind it whose data is
   * already in a slot are served in the same pass,
   * and consecutive blocks of one slot leave as one view: a slot holds each block's whole
   * `piece` message (header, block, header, block...), so one write carries many messages.
   */
  async #servePooled(peer: PeerConnection, ref: BlockRef, allowance: number): Promise<number | null> {
    const layout = this.#layout();
    if (!layout) throw new Error('no storage');
    const chunkBytes = Math.min(layout.pieceLength, MAX_SLOT_BYTES);
    const pool = (this.#pool ??= new PieceBufferPool({
      slotBytes: Math.ceil(chunkBytes / BLOCK) * FRAME,
      maxSlots: Math.max(MIN_SLOTS, Math.floor(this.#poolBytes / chunkBytes)),
    }));
    const loc = this.#loc;
    if (!locate(layout, chunkBytes, ref, loc)) return null;
    const { key, start, length } = loc;

    let un = this.#unflushed.get(peer);
    if (!un) this.#unflushed.set(peer, (un = new UnflushedBlocks(peer, pool, this.#peerUnflushed)));
    while (!un.hasRoom && !peer.closed) await un.released();
    const slot =
      pool.tryRetain(key) ?? (await pool.acquire(key, pool.slotBytes, (out) => this.#fill(ref.index, start, length, out), this.#signal));
    if (peer.closed || peer.incoming[0] !== ref) {
      // Closed, or a cancel or choke removed it while we waited.
      pool.release(slot);
      return 0;
    }
    // The run of messages to write: [from, to) of `run`'s slot.
    let run = slot;
    let from = ((ref.begin - start) / BLOCK) * FRAME;
    let to = from + PIECE_HEADER_LENGTH + ref.length;
    this.#took(peer, un, slot, ref);
    let spent = ref.length;
    while (un.hasRoom && peer.queuedBytes < BATCH_BYTES && !peer.closed) {
      const next = peer.incoming[0];
      if (!next || spent + next.length > allowance || !locate(layout, chunkBytes, next, loc)) break;
      const cached = pool.tryRetain(loc.key);
      if (!cached) break;
      const at = ((next.begin - loc.start) / BLOCK) * FRAME;
      if (cached !== run || at !== to) {
        peer.sendRaw(run.data.subarray(from, to));
        run = cached;
        from = at;
      }
      to = at + PIECE_HEADER_LENGTH + next.length;
      this.#took(peer, un, cached, next);
      spent += next.length;
    }
    peer.sendRaw(run.data.subarray(from, to));
    un.sent();
    await peer.drained();
    return spent;
  }

  #sent(peer: PeerConnection, ref: BlockRef): void {
    this.#capped?.noteSent(peer, ref);
    this.#onSent(peer, ref.length);
  }

  /** `ref` (the first queued request) is served from `slot`, whose reference it keeps until written. */
  #took(peer: PeerConnection, un: UnflushedBlocks, slot: PoolSlot, ref: BlockRef): void {
    peer.incoming.shift();
    this.#sent(peer, ref);
    un.add(slot, ref.length);
  }

  #fill(index: number, start: number, length: number, out: Uint8Array): Promise<void> {
    const storage = this.#storage();
    const layout = this.#layout();
    if (!storage || !layout) throw new Error('no storage');
    return fillSlot(storage, layout, index, start, length, out);
  }
}
