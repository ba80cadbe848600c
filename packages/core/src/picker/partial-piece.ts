/**
 * @module picker/partial-piece — block bookkeeping of one piece being downloaded: which blocks
 * are requested and from whom, which arrived and from whom (to blame peers for a piece that
 * fails its hash check).
 */

/** A piece split into blocks, some requested, some received. */
export class PartialPiece<P> {
  readonly index: number;
  readonly blockCount: number;
  /** Requesting peers per block (several only in endgame). */
  readonly requesters: Array<P[] | undefined>;
  /** Peer that delivered each received block; `undefined` = not received. */
  readonly from: Array<P | undefined>;
  readonly received: Uint8Array;
  receivedCount = 0;
  /** Blocks neither received nor requested. */
  unrequested: number;

  constructor(index: number, blockCount: number) {
    this.index = index;
    this.blockCount = blockCount;
    this.requesters = new Array<P[] | undefined>(blockCount);
    this.from = new Array<P | undefined>(blockCount);
    this.received = new Uint8Array(blockCount);
    this.unrequested = blockCount;
  }

  /** Requesters of block `i` (empty array when none). */
  requestersOf(i: number): readonly P[] {
    return this.requesters[i] ?? [];
  }

  /** Records a request; returns true when the block went from unrequested to requested. */
  request(peer: P, i: number): boolean {
    const list = this.requesters[i];
    if (list) {
      if (!list.includes(peer)) list.push(peer);
      return false;
    }
    this.requesters[i] = [peer];
    if (this.received[i]) return false;
    this.unrequested--;
    return true;
  }

  /** Drops `peer`'s request of block `i`; returns true when the block became unrequested again. */
  release(peer: P, i: number): boolean {
    const list = this.requesters[i];
    if (!list) return false;
    const at = list.indexOf(peer);
    if (at < 0) return false;
    list.splice(at, 1);
    if (list.length > 0) return false;
    this.requesters[i] = undefined;
    if (this.received[i]) return false;
    this.unrequested++;
    return true;
  }

  /**
   * Marks block `i` received from `peer`; returns the other peers that still had it requested
   * (their requests are dropped here), or null when the block was already received.
   */
  receive(peer: P, i: number): P[] | null {
    if (this.received[i]) return null;
    const list = this.requesters[i];
    if (!list || list.length === 0) this.unrequested--;
    this.received[i] = 1;
    this.receivedCount++;
    this.from[i] = peer;
    this.requesters[i] = undefined;
    return list ? list.filter((p) => p !== peer) : [];
  }

  /** True when every block arrived. */
  get complete(): boolean {
    return this.receivedCount === this.blockCount;
  }
}
