/**
 * @module wire/peer-pieces — what a peer has: its bitfield / BEP 6 have-all / have-none and
 * its haves, kept raw (bounded) until the piece count is known, as for magnet links.
 */
import { Bitfield } from '../bitfield/index.js';
import { WireProtocolError } from './errors.js';
import { checkBitfieldBytes, checkPieceIndex, type TorrentGeometry } from './limits.js';

/** A peer's piece set, valid against the geometry once that is known. */
export class PeerPieces {
  /** The peer's pieces; null until both its piece set and the geometry are known. */
  bitfield: Bitfield | null = null;
  private geometry: TorrentGeometry | undefined;
  private announced = false;
  private sawHave = false;
  private pendingBits: Uint8Array | undefined;
  private pendingAll = false;
  private readonly pendingHaves = new Set<number>();

  constructor(
    geometry: TorrentGeometry | undefined,
    private readonly maxPendingHaves: number,
  ) {
    this.geometry = geometry;
  }

  /**
   * Record the initial piece set: raw bitfield bytes, or `'all'` / `'none'` (BEP 6). BEP 3:
   * it may only come once, before any have. Returns the bitfield when it can be built now.
   */
  announce(set: Uint8Array | 'all' | 'none'): Bitfield | null {
    if (this.announced || this.sawHave) {
      throw new WireProtocolError('WIRE_UNEXPECTED_MESSAGE', 'bitfield/have-all/have-none after the first piece message');
    }
    this.announced = true;
    if (set === 'all') this.pendingAll = true;
    else if (set !== 'none') this.pendingBits = set.slice(); // the frame's view may be reused
    if (this.geometry) this.materialize(this.geometry);
    return this.bitfield;
  }

  /** Record a have; returns true if it is new to us. */
  have(index: number): boolean {
    this.sawHave = true;
    if (this.bitfield) {
      if (this.geometry) checkPieceIndex(this.geometry, index);
      return this.bitfield.set(index);
    }
    if (this.pendingHaves.size >= this.maxPendingHaves) {
      throw new WireProtocolError('WIRE_INDEX_OUT_OF_RANGE', 'more haves than any torrent we accept could have');
    }
    const isNew = !this.pendingHaves.has(index);
    this.pendingHaves.add(index);
    if (this.geometry) this.materialize(this.geometry);
    return isNew;
  }

  /** Set the geometry and validate everything received so far (may throw). */
  setGeometry(geometry: TorrentGeometry): void {
    this.geometry = geometry;
    if (this.announced || this.pendingHaves.size > 0) this.materialize(geometry);
  }

  /** True if the peer is known to have `index`. */
  has(index: number): boolean {
    return this.bitfield !== null && index < this.bitfield.pieceCount && this.bitfield.get(index);
  }

  private materialize(g: TorrentGeometry): void {
    let bf: Bitfield;
    if (this.bitfield) bf = this.bitfield;
    else if (this.pendingAll) bf = Bitfield.full(g.pieceCount);
    else if (this.pendingBits) {
      checkBitfieldBytes(g.pieceCount, this.pendingBits); // typed WIRE_BAD_BITFIELD
      bf = Bitfield.fromBytes(this.pendingBits, g.pieceCount);
    } else bf = new Bitfield(g.pieceCount);
    for (const i of this.pendingHaves) {
      checkPieceIndex(g, i);
      bf.set(i);
    }
    this.pendingHaves.clear();
    this.pendingBits = undefined;
    this.bitfield = bf;
  }
}
