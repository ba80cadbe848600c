/**
 * @module swarm/request-scheduler — decides which blocks to request from which peer.
 *
 * Policy (BEP 3 practice, as in libtorrent): finish pieces already in progress first; start
 * new pieces at random until a few are complete (so we have something to trade quickly), then
 * rarest-first by availability across connected peers; when every missing block is already
 * requested, enter endgame and ask a second peer for blocks still outstanding (the first copy
 * to arrive wins, the others are cancelled). Blocks of a piece are buffered here until the
 * piece is complete and verified; the number of pieces in progress is bounded by the peers'
 * pipelines.
 */
import type { Bitfield } from '../bitfield/bitfield.js';
import { BLOCK_SIZE, type PieceLayout } from './piece-layout.js';
import { blockKey, type PeerConnection } from './peer-connection.js';
import type { BlockRef } from '../wire/messages.js';

/** Pieces picked at random before switching to rarest-first. */
const RANDOM_FIRST_PIECES = 4;
/** At most this many peers are asked for the same block in endgame. */
const ENDGAME_DUPLICATES = 2;

/** A piece being downloaded. */
export interface ActivePiece {
  readonly index: number;
  readonly size: number;
  readonly blockCount: number;
  readonly buffer: Uint8Array;
  /** Per block: how many peers currently have an outstanding request for it. */
  readonly requested: Uint8Array;
  /** Per block: 1 once received. */
  readonly received: Uint8Array;
  receivedCount: number;
  /** Blocks never requested yet (fast path for picking). */
  nextUnrequested: number;
  /** Peers that delivered blocks of this piece (blamed if it fails verification). */
  readonly contributors: Set<PeerConnection>;
  /** True while its hash is being checked. */
  verifying: boolean;
}

/** Result of accepting a block. */
export interface BlockResult {
  /** The piece, when this block completed it. */
  complete?: ActivePiece;
  /** Other peers that also have this block outstanding (send them `cancel`, endgame). */
  duplicates: PeerConnection[];
  /** False when the block was not wanted (unrequested, duplicate or already verified). */
  accepted: boolean;
}

/** Block scheduling state for one torrent. */
export class RequestScheduler {
  readonly layout: PieceLayout;
  readonly have: Bitfield;
  /** Number of connected peers that have each piece. */
  readonly availability: Uint32Array;
  readonly active = new Map<number, ActivePiece>();
  readonly #random: () => number;
  /** Peers per block key, for endgame cancels. */
  readonly #requesters = new Map<string, Set<PeerConnection>>();

  constructor(layout: PieceLayout, have: Bitfield, random: () => number = Math.random) {
    this.layout = layout;
    this.have = have;
    this.availability = new Uint32Array(layout.pieceCount);
    this.#random = random;
  }

  /** Count a peer's pieces in availability (on bitfield/have-all). */
  addAvailability(bits: Bitfield): void {
    for (let i = bits.nextSet(0); i >= 0; i = bits.nextSet(i + 1)) this.availability[i]!++;
  }

  /** Remove a departed peer's pieces from availability. */
  removeAvailability(bits: Bitfield): void {
    for (let i = bits.nextSet(0); i >= 0; i = bits.nextSet(i + 1)) if (this.availability[i]! > 0) this.availability[i]!--;
  }

  /** True when the peer has some piece we still need. */
  isInteresting(peer: PeerConnection): boolean {
    return !!peer.have && peer.have.hasAnyNotIn(this.have);
  }

  /** Pick up to `max` blocks to request from `peer` (which is unchoked or has allowed-fast pieces). */
  pick(peer: PeerConnection, max: number, allowedOnly = false): BlockRef[] {
    const out: BlockRef[] = [];
    if (!peer.have || max <= 0) return out;
    const canUse = (i: number): boolean => !this.have.get(i) && peer.have!.get(i) && (!allowedOnly || peer.allowedFast.has(i));
    // 1. Pieces in progress with blocks nobody has requested.
    for (const p of this.active.values()) {
      if (out.length >= max) return out;
      if (p.verifying || !canUse(p.index)) continue;
      this.#takeUnrequested(peer, p, max, out);
    }
    // 2. New pieces: random first, then rarest-first.
    while (out.length < max) {
      const index = this.#choosePiece(peer, canUse);
      if (index < 0) break;
      const p = this.#activate(index);
      this.#takeUnrequested(peer, p, max, out);
    }
    if (out.length > 0) return out;
    // 3. Endgame: duplicate blocks already requested from others.
    for (const p of this.active.values()) {
      if (out.length >= max) break;
      if (p.verifying || !canUse(p.index)) continue;
      for (let b = 0; b < p.blockCount && out.length < max; b++) {
        if (p.received[b] || p.requested[b]! >= ENDGAME_DUPLICATES) continue;
        const begin = b * BLOCK_SIZE;
        if (peer.outstanding.has(blockKey(p.index, begin))) continue;
        out.push(this.#mark(peer, p, b));
      }
    }
    return out;
  }

  #takeUnrequested(peer: PeerConnection, p: ActivePiece, max: number, out: BlockRef[]): void {
    while (p.nextUnrequested < p.blockCount && out.length < max) {
      const b = p.nextUnrequested++;
      if (p.received[b] || p.requested[b]! > 0) continue;
      out.push(this.#mark(peer, p, b));
    }
    // Blocks whose requests failed (choke, reject, disconnect) are requested[b] = 0 again.
    if (out.length < max && p.nextUnrequested >= p.blockCount) {
      for (let b = 0; b < p.blockCount && out.length < max; b++) {
        if (p.received[b] || p.requested[b]! > 0) continue;
        out.push(this.#mark(peer, p, b));
      }
    }
  }

  #mark(peer: PeerConnection, p: ActivePiece, b: number): BlockRef {
    p.requested[b]!++;
    const ref = { index: p.index, begin: b * BLOCK_SIZE, length: this.layout.blockSize(p.index, b) };
    const key = blockKey(ref.index, ref.begin);
    let set = this.#requesters.get(key);
    if (!set) this.#requesters.set(key, (set = new Set()));
    set.add(peer);
    return ref;
  }

  #choosePiece(peer: PeerConnection, canUse: (i: number) => boolean): number {
    const n = this.layout.pieceCount;
    const randomPhase = this.have.count() < RANDOM_FIRST_PIECES;
    let best = -1;
    let bestAvail = Infinity;
    let ties = 0;
    // Start the scan at a random offset so equally rare pieces spread across peers.
    const start = Math.floor(this.#random() * n);
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (this.active.has(i) || !canUse(i)) continue;
      if (randomPhase) return i;
      const a = this.availability[i]!;
      if (a < bestAvail) {
        best = i;
        bestAvail = a;
        ties = 1;
      } else if (a === bestAvail && this.#random() * ++ties < 1) {
        best = i;
      }
    }
    void peer;
    return best;
  }

  #activate(index: number): ActivePiece {
    const size = this.layout.size(index);
    const blockCount = this.layout.blocks(index);
    const p: ActivePiece = {
      index,
      size,
      blockCount,
      buffer: new Uint8Array(size),
      requested: new Uint8Array(blockCount),
      received: new Uint8Array(blockCount),
      receivedCount: 0,
      nextUnrequested: 0,
      contributors: new Set(),
      verifying: false,
    };
    this.active.set(index, p);
    return p;
  }

  /** Accept a `piece` message from `peer`. */
  onBlock(peer: PeerConnection, index: number, begin: number, block: Uint8Array): BlockResult {
    const key = blockKey(index, begin);
    const requesters = this.#requesters.get(key);
    requesters?.delete(peer);
    const p = this.active.get(index);
    const b = begin / BLOCK_SIZE;
    if (!p || p.verifying || !Number.isInteger(b) || b >= p.blockCount || block.length !== this.layout.blockSize(index, b)) {
      return { accepted: false, duplicates: [] };
    }
    if (p.requested[b]! > 0) p.requested[b]!--;
    if (p.received[b]) return { accepted: false, duplicates: [] };
    p.buffer.set(block, begin);
    p.received[b] = 1;
    p.receivedCount++;
    p.contributors.add(peer);
    const duplicates = requesters ? [...requesters] : [];
    for (const d of duplicates) if (p.requested[b]! > 0) p.requested[b]!--;
    this.#requesters.delete(key);
    if (p.receivedCount === p.blockCount) {
      p.verifying = true;
      return { accepted: true, complete: p, duplicates };
    }
    return { accepted: true, duplicates };
  }

  /** A request of ours will not be answered (choke without fast, reject, disconnect). */
  onRequestDropped(peer: PeerConnection, ref: BlockRef): void {
    const key = blockKey(ref.index, ref.begin);
    this.#requesters.get(key)?.delete(peer);
    const p = this.active.get(ref.index);
    if (!p) return;
    const b = ref.begin / BLOCK_SIZE;
    if (p.requested[b]! > 0) p.requested[b]!--;
  }

  /** The piece verified and was written: forget its buffer. */
  onPieceVerified(index: number): void {
    this.active.delete(index);
  }

  /** The piece failed its hash check: drop every block so it is downloaded again. */
  onPieceFailed(index: number): void {
    this.active.delete(index);
  }
}
