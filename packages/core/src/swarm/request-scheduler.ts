/**
 * @module swarm/request-scheduler — which blocks to request from which peer, and where their
 * bytes wait until the piece is verified.
 *
 * Selection is core's pure piece picker (picker/): partial pieces first, random first pieces,
 * then rarest-first by availability, and endgame duplicates once every missing block is
 * requested (the first copy wins, the others are cancelled, BEP 3). This adapter adds what the
 * picker leaves to its caller: one buffer per piece in progress (bounded by the peers'
 * pipelines), the peers that contributed to it (blamed on a hash failure), and the mapping
 * between the swarm's {@link Bitfield}s and the picker's bitfield bytes.
 */
import { Bitfield } from '../bitfield/bitfield.js';
import { createPiecePicker } from '../picker/piece-picker.js';
import type { PiecePicker } from '../picker/types.js';
import type { BlockRef } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';

/** Bytes of released piece buffers kept for reuse. */
const FREE_BUFFER_BYTES = 8 << 20;

/** A piece being downloaded. */
export interface ActivePiece {
  readonly index: number;
  readonly size: number;
  readonly buffer: Uint8Array;
  /** Peers that delivered blocks of this piece (blamed if it fails verification). */
  readonly contributors: Set<PeerConnection>;
  /** Who delivered the block at each offset: the smart ban compares them once the piece verifies. */
  readonly senders: Map<number, PeerConnection>;
}

/** Result of accepting a block. */
export interface BlockResult {
  /** The piece, when this block completed it (verify it, then call onPieceVerified/Failed). */
  complete?: ActivePiece;
  /** Other peers that also have this block outstanding (send them `cancel`, endgame). */
  duplicates: PeerConnection[];
  /** False when the block was not wanted (unrequested, duplicate or already verified). */
  accepted: boolean;
}

/** Block scheduling state for one torrent. */
export class RequestScheduler {
  readonly layout: PieceLayout;
  /** Our verified pieces (shared with the swarm). */
  readonly have: Bitfield;
  readonly #picker: PiecePicker<PeerConnection>;
  readonly #buffers = new Map<number, ActivePiece>();
  #heldBytes = 0;
  /**
   * Piece-sized buffers of released pieces, reused for the next ones: a fresh 256 KiB buffer per
   * piece is garbage the GC frees late (external memory), which showed as hundreds of MB of RSS.
   */
  readonly #free: Uint8Array[] = [];
  /** The full-length buffer behind each active piece (a short last piece uses a view of one). */
  readonly #backing = new Map<number, Uint8Array>();
  /**
   * Pieces that failed with blocks from several peers (smart ban, smart-ban.ts) → the one peer
   * now allowed to download them (undefined: the next peer that picks one). Fetched whole from
   * one peer, the retry either verifies (and shows who lied before) or fails with a sole
   * contributor; shared again, a peer that answers first with garbage could make it fail forever
   * (endgame duplicates: the first copy wins).
   */
  readonly #suspects = new Map<number, PeerConnection | undefined>();
  /**
   * Pieces a peer rejected (BEP 6 `reject request`) → until when (clock ms) not to ask it for
   * them again: a capped seeder rejects a piece that another peer now has (upload-order.ts), so
   * the piece is fetched there instead of re-queued at the seeder. Time-bounded, because the
   * other holder may be choking us.
   */
  readonly #avoid = new WeakMap<PeerConnection, Map<number, number>>();
  /** Piece priorities from the file selection (0 = not wanted; file-selection.ts). */
  readonly #priority: Uint8Array;
  /** Pieces of nonzero priority: what the swarm wants, has or not (interest, completion). */
  readonly wanted: Bitfield;
  #wantedBytes: number;

  constructor(layout: PieceLayout, have: Bitfield, random: () => number = Math.random) {
    this.layout = layout;
    this.have = have;
    this.#priority = new Uint8Array(layout.pieceCount).fill(1);
    this.wanted = Bitfield.full(layout.pieceCount);
    this.#wantedBytes = layout.totalBytes;
    this.#picker = createPiecePicker<PeerConnection>({
      pieceCount: layout.pieceCount,
      pieceLength: layout.pieceLength,
      pieceSize: (i) => layout.size(i),
      have: have.toBytes(),
      random,
    });
  }

  /** Pieces whose blocks are arriving or that wait for verification (buffers held in memory). */
  get activeCount(): number {
    return this.#buffers.size;
  }

  /** Bytes of those buffers: the swarm stops requesting above its bound. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Count a peer's pieces in availability (on bitfield/have-all). */
  addAvailability(bits: Bitfield): void {
    this.#picker.addPeer(bits.toBytes());
  }

  /** A peer announced one more piece (`have`). */
  addOne(index: number): void {
    this.#picker.peerHave(index);
  }

  /** A peer left or replaced its bitfield: uncount it and release its requests. */
  removePeer(peer: PeerConnection, bits: Bitfield | null): void {
    for (const [i, owner] of this.#suspects) if (owner === peer) this.#suspects.set(i, undefined);
    this.#picker.removePeer(peer, bits?.toBytes());
  }

  /** True when the peer has some piece we still need (selected and not verified). */
  isInteresting(peer: PeerConnection): boolean {
    if (!peer.have) return false;
    const theirs = peer.have.bytes;
    const ours = this.have.bytes;
    const want = this.wanted.bytes;
    for (let b = 0; b < ours.length; b++) if ((theirs[b]! & want[b]! & ~ours[b]!) !== 0) return true;
    return false;
  }

  /** Every selected piece is verified (the rest may be missing). */
  get complete(): boolean {
    return this.#picker.isComplete();
  }

  /** Bytes of the selected pieces (a piece shared with a skipped file counts whole). */
  get wantedBytes(): number {
    return this.#wantedBytes;
  }

  /** Bytes of the selected pieces already verified. */
  wantedVerifiedBytes(): number {
    let n = 0;
    const ours = this.have.bytes;
    const want = this.wanted.bytes;
    for (let b = 0; b < ours.length; b++) {
      const m = ours[b]! & want[b]!;
      if (m === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (m & (0x80 >> bit)) n += this.layout.size(b * 8 + bit);
    }
    return n;
  }

  /** Piece priority (0 = skip, 1 = normal, higher first), e.g. from per-file priorities. */
  priority(index: number): number {
    return this.#priority[index]!;
  }

  /**
   * Apply piece priorities (one per piece, 0..255). Pieces no longer wanted keep their buffers
   * while blocks already requested arrive (they verify and are served), but get no new requests.
   */
  setPriorities(priorities: Uint8Array): void {
    let bytes = 0;
    for (let i = 0; i < this.layout.pieceCount; i++) {
      const p = priorities[i] ?? 1;
      if (p !== this.#priority[i]) {
        this.#priority[i] = p;
        this.#picker.setPiecePriority(i, p);
        if (p > 0) this.wanted.set(i);
        else this.wanted.clear(i);
      }
      if (p > 0) bytes += this.layout.size(i);
    }
    this.#wantedBytes = bytes;
  }

  /** Streaming: request pieces in order from `piece` (wrapping); null: rarest first again. */
  setSequential(piece: number | null): void {
    this.#picker.setSequential(piece);
  }

  /**
   * Up to `max` blocks to request from `peer`. `allowedOnly`: only its BEP 6 allowed-fast pieces.
   * `startedOnly`: only pieces that already hold a buffer (the swarm's memory bound is reached:
   * finishing them needs no new memory, and never asking for them could stall the download).
   */
  pick(peer: PeerConnection, max: number, allowedOnly = false, startedOnly = false, now = 0): BlockRef[] {
    if (!peer.have || max <= 0) return [];
    let has = peer.have.bytes; // read-only view: the picker never writes a peer's bitfield
    const avoid = this.#avoid.get(peer);
    if (avoid && avoid.size > 0) {
      has = has.slice();
      for (const [i, until] of avoid) {
        if (until <= now) avoid.delete(i);
        else has[i >> 3]! &= ~(0x80 >> (i & 7));
      }
    }
    if (this.#suspects.size > 0) {
      if (has === peer.have.bytes) has = has.slice();
      for (const [i, owner] of this.#suspects) if (owner && owner !== peer) has[i >> 3]! &= ~(0x80 >> (i & 7));
    }
    if (allowedOnly || startedOnly) {
      const masked = new Uint8Array(has.length);
      const pieces = allowedOnly ? peer.allowedFast : this.#buffers.keys();
      for (const i of pieces) {
        if (i >= this.layout.pieceCount || !(has[i >> 3]! & (0x80 >> (i & 7)))) continue;
        if (allowedOnly && startedOnly && !this.#buffers.has(i)) continue;
        masked[i >> 3]! |= 0x80 >> (i & 7);
      }
      has = masked;
    }
    const refs = this.#picker.nextRequests(peer, has, max).map((b) => ({ index: b.piece, begin: b.offset, length: b.length }));
    if (this.#suspects.size > 0) for (const r of refs) if (this.#suspects.has(r.index) && !this.#suspects.get(r.index)) this.#suspects.set(r.index, peer);
    return refs;
  }

  /** `peer` rejected a request for piece `index` (BEP 6): ask others for it until `until` (clock ms). */
  avoid(peer: PeerConnection, index: number, until: number): void {
    let m = this.#avoid.get(peer);
    if (!m) this.#avoid.set(peer, (m = new Map()));
    m.set(index, until);
  }

  /** Download piece `index` from one peer at a time until it verifies (it failed with several senders). */
  markSuspect(index: number): void {
    this.#suspects.set(index, undefined);
  }


  /** Accept a `piece` message from `peer` (the caller checked it was outstanding). */
  onBlock(peer: PeerConnection, index: number, begin: number, block: Uint8Array): BlockResult {
    if (index >= this.layout.pieceCount || begin + block.length > this.layout.size(index)) return { accepted: false, duplicates: [] };
    const receipt = this.#picker.blockReceived(peer, { piece: index, offset: begin });
    const duplicates = receipt.cancel.map((c) => c.peer);
    if (!receipt.accepted) return { accepted: false, duplicates };
    let p = this.#buffers.get(index);
    if (!p) {
      const size = this.layout.size(index);
      const backing = this.#free.pop() ?? new Uint8Array(Math.max(size, this.layout.pieceLength));
      p = { index, size, buffer: backing.length === size ? backing : backing.subarray(0, size), contributors: new Set(), senders: new Map() };
      this.#backing.set(index, backing);
      this.#buffers.set(index, p);
      this.#heldBytes += size;
    }
    p.buffer.set(block, begin);
    p.contributors.add(peer);
    p.senders.set(begin, peer);
    return receipt.pieceComplete ? { accepted: true, complete: p, duplicates } : { accepted: true, duplicates };
  }

  /** A request of ours will not be answered (choke without fast, reject, timeout). */
  onRequestDropped(peer: PeerConnection, ref: BlockRef): void {
    // A suspect piece's owner that does not deliver gives it up to the next peer.
    if (this.#suspects.get(ref.index) === peer) this.#suspects.set(ref.index, undefined);
    this.#picker.cancelRequest(peer, { piece: ref.index, offset: ref.begin });
  }

  /** The piece verified and was written: forget its buffer; returns endgame requests to cancel. */
  onPieceVerified(index: number): { peer: PeerConnection; ref: BlockRef }[] {
    this.#suspects.delete(index);
    this.#release(index);
    return this.#picker.pieceVerified(index).map((r) => ({ peer: r.peer, ref: { index: r.piece, begin: r.offset, length: r.length } }));
  }

  /** The piece failed its hash check: every block is wanted again. */
  onPieceFailed(index: number): void {
    if (this.#suspects.has(index)) this.#suspects.set(index, undefined);
    this.#release(index);
    this.#picker.pieceFailed(index);
  }

  /** Forget a piece's buffer and keep it for reuse (hashing and writing are done with it). */
  #release(index: number): void {
    const p = this.#buffers.get(index);
    if (!p) return;
    this.#buffers.delete(index);
    this.#heldBytes -= p.size;
    const backing = this.#backing.get(index)!;
    this.#backing.delete(index);
    if (backing.length === this.layout.pieceLength && (this.#free.length + 1) * backing.length <= FREE_BUFFER_BYTES) this.#free.push(backing);
  }
}
