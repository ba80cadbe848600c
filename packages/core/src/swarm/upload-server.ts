/**
 * @module swarm/upload-server — answers peers' `request` messages from storage (BEP 3).
 *
 * Each peer's requests are served in order by one loop that awaits the rate limiter, reads the
 * block and waits for the peer's write queue to drain, so a slow peer never makes us buffer
 * more than its high-water mark. Requests beyond `maxPeerRequests` are rejected (BEP 6) or
 * dropped.
 *
 * Reads: peers ask for a piece's blocks in a row, so a piece is read once, in chunks of up to
 * 1 MiB, into a slot of a bounded {@link PieceBufferPool}, and its blocks go out as zero-copy
 * views of that slot. Each block view keeps its slot referenced until the connection reports
 * it written (PeerConnection.flushed), and a peer holds at most PEER_UNFLUSHED_BYTES of such
 * blocks, so one stalled reader cannot pin the whole pool. Connections that cannot report
 * writes (no Connection.flushed) get pieces read into fresh buffers, cached briefly.
 */
import type { Storage } from '../storage/storage.js';
import type { BlockRef } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';
import { PIECE_HEADER_LENGTH } from '../wire/encode.js';
import { MessageId } from '../wire/message-id.js';
import { PieceBufferPool, type PoolSlot } from './piece-buffer-pool.js';

/** Waits until `bytes` may be sent or received (a token bucket); resolves at once when unlimited. */
export interface RateGate {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/** Pieces kept in the read cache of fresh buffers (connections without write reports). */
const CACHE_PIECES = 8;
/** Largest pool slot: pieces above this are read in chunks of this size. */
const MAX_SLOT_BYTES = 1 << 20;
/** Memory of the piece-buffer pool (at least MIN_SLOTS slots). */
const POOL_BYTES = 16 << 20;
const MIN_SLOTS = 4;
/** Bytes of sent blocks a peer may have unwritten (slots pinned) before its loop waits for them. */
const PEER_UNFLUSHED_BYTES = 2 << 20;

/** Requests served in one pass without an await, while the peer's write queue is below this. */
const BATCH_BYTES = 512 * 1024;
/** BEP 3 request granularity; blocks on this grid get the header stored in their slot. */
const BLOCK = 16384;

/** Where a request lies: the pool key of its chunk, the chunk's start in the piece and its length. */
interface Location {
  key: number;
  start: number;
  length: number;
}

/** Fill `loc` for `ref` (chunks of `chunkBytes`); false when the block crosses a chunk boundary. */
function locate(layout: PieceLayout, chunkBytes: number, ref: BlockRef, loc: Location): boolean {
  const chunk = Math.floor(ref.begin / chunkBytes);
  loc.start = chunk * chunkBytes;
  loc.length = Math.min(chunkBytes, layout.wireSize(ref.index) - loc.start);
  loc.key = ref.index * Math.ceil(layout.pieceLength / chunkBytes) + chunk;
  return ref.begin + ref.length <= loc.start + loc.length;
}

/** A peer's blocks sent from pool slots and not yet reported written. */
interface Unflushed {
  /** One entry per block: its slot's reference. */
  slots: PoolSlot[];
  /** Bytes in `slots`. */
  bytes: number;
  /** Bytes sent and not yet reported written (`slots` plus the batch being flushed). */
  pending: number;
  flushing: boolean;
  /** Loops waiting for `pending` to go down. */
  waiters: (() => void)[];
}

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
  #pool: PieceBufferPool | null = null;
  readonly #poolBytes: number;
  readonly #peerUnflushed: number;
  readonly #unflushed = new WeakMap<PeerConnection, Unflushed>();
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
  }) {
    this.#poolBytes = opts.poolBytes ?? POOL_BYTES;
    this.#peerUnflushed = opts.peerUnflushedBytes ?? PEER_UNFLUSHED_BYTES;
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
    this.#pool?.clear();
  }

  /** The pool, created once the piece length is known (chunks of at most MAX_SLOT_BYTES). */
  get pool(): PieceBufferPool | null {
    return this.#pool;
  }

  async #serve(peer: PeerConnection): Promise<void> {
    this.#serving.add(peer);
    try {
      while (peer.incoming.length > 0 && !peer.closed && !this.#signal.aborted) {
        const ref = peer.incoming[0]!;
        if (this.#gate) await this.#gate.take(ref.length, this.#signal);
        if (peer.tracksWrites && (await this.#servePooled(peer, ref))) continue;
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

  /**
   * Serve `ref` from a pool slot; false when it does not fit one (a block across a chunk
   * boundary, which no client sends: the fresh-buffer path takes it). Returns true when the
   * loop should go on (served, or no longer wanted). Requests behind it whose data is already
   * in a slot are served in the same pass: their blocks join one vectored write and cost no
   * await each.
   */
  async #servePooled(peer: PeerConnection, ref: BlockRef): Promise<boolean> {
    const layout = this.#layout();
    if (!layout) throw new Error('no storage');
    const chunkBytes = Math.min(layout.pieceLength, MAX_SLOT_BYTES);
    // Each slot also holds the piece-message headers of its 16 KiB blocks (see #send).
    const pool = (this.#pool ??= new PieceBufferPool({
      slotBytes: chunkBytes + Math.ceil(chunkBytes / BLOCK) * PIECE_HEADER_LENGTH,
      maxSlots: Math.max(MIN_SLOTS, Math.floor(this.#poolBytes / chunkBytes)),
    }));
    const loc = this.#loc;
    if (!locate(layout, chunkBytes, ref, loc)) return false;
    const { key, start, length } = loc;

    let un = this.#unflushed.get(peer);
    if (!un) this.#unflushed.set(peer, (un = { slots: [], bytes: 0, pending: 0, flushing: false, waiters: [] }));
    while (un.pending >= this.#peerUnflushed && !peer.closed) await new Promise<void>((resolve) => un.waiters.push(resolve));
    const slot =
      pool.tryRetain(key) ??
      (await pool.acquire(key, pool.slotBytes, (out) => this.#fill(ref.index, start, length, chunkBytes, out), this.#signal));
    if (peer.closed || peer.incoming[0] !== ref) {
      // Closed, or a cancel or choke removed it while we waited.
      pool.release(slot);
      return true;
    }
    this.#send(peer, un, pool, slot, ref, ref.begin - start, length, chunkBytes);
    while (!this.#gate && un.pending < this.#peerUnflushed && peer.queuedBytes < BATCH_BYTES && !peer.closed) {
      const next = peer.incoming[0];
      if (!next || !locate(layout, chunkBytes, next, loc)) break;
      const cached = pool.tryRetain(loc.key);
      if (!cached) break;
      this.#send(peer, un, pool, cached, next, next.begin - loc.start, loc.length, chunkBytes);
    }
    await peer.drained();
    return true;
  }

  /**
   * Send the first queued request (`ref`, at `at` in the slot's chunk of `length` bytes) as a
   * view of `slot`, whose reference it takes over until the block is written. A whole 16 KiB
   * block (every block a client asks for) goes out with the header stored in the slot, so no
   * buffer is allocated per block.
   */
  #send(peer: PeerConnection, un: Unflushed, pool: PieceBufferPool, slot: PoolSlot, ref: BlockRef, at: number, length: number, chunkBytes: number): void {
    peer.incoming.shift();
    const block = slot.data.subarray(at, at + ref.length);
    if (at % BLOCK === 0 && ref.length === Math.min(BLOCK, length - at)) {
      const h = chunkBytes + (at / BLOCK) * PIECE_HEADER_LENGTH;
      peer.sendRaw(slot.data.subarray(h, h + PIECE_HEADER_LENGTH));
      peer.sendRaw(block);
    } else {
      peer.sendPiece(ref.index, ref.begin, block);
    }
    this.#onSent(peer, ref.length);
    un.slots.push(slot);
    un.bytes += ref.length;
    un.pending += ref.length;
    if (!un.flushing) this.#flush(peer, un, pool);
  }

  /** Release `un`'s slots once the peer reports them written; then the next batch, if any. */
  #flush(peer: PeerConnection, un: Unflushed, pool: PieceBufferPool): void {
    un.flushing = true;
    const slots = un.slots;
    const bytes = un.bytes;
    un.slots = [];
    un.bytes = 0;
    // flushed() never rejects: it resolves at the latest when the connection closes.
    void peer.flushed().then(() => {
      for (const s of slots) pool.release(s);
      un.pending -= bytes;
      un.flushing = false;
      const waiters = un.waiters;
      un.waiters = [];
      for (const w of waiters) w();
      if (un.slots.length > 0) this.#flush(peer, un, pool);
    });
  }

  /**
   * Read `length` wire bytes of piece `index` from `start` into `out` (v2: zeros past a file's
   * end), and after `chunkBytes` the BEP 3 piece-message header of each 16 KiB block.
   */
  async #fill(index: number, start: number, length: number, chunkBytes: number, out: Uint8Array): Promise<void> {
    const storage = this.#storage();
    const layout = this.#layout();
    if (!storage || !layout) throw new Error('no storage');
    const real = Math.max(0, Math.min(length, layout.size(index) - start));
    const offset = layout.offset(index) + start;
    if (real > 0) {
      if (storage.readInto) await storage.readInto(offset, out.subarray(0, real));
      else out.set(await storage.read(offset, real));
    }
    if (real < length) out.fill(0, real, length);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    for (let at = 0, h = chunkBytes; at < length; at += BLOCK, h += PIECE_HEADER_LENGTH) {
      view.setUint32(h, 9 + Math.min(BLOCK, length - at));
      out[h + 4] = MessageId.Piece;
      view.setUint32(h + 5, index);
      view.setUint32(h + 9, start + at);
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
