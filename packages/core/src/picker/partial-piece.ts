/**
 * @module picker/partial-piece — block bookkeeping of one piece being downloaded: which blocks
 * are requested and from whom, which arrived and from whom (to blame peers for a piece that
 * fails its hash check).
 */

/** A piece split into blocks, some requested, some received. */
export class PartialPiece<P> {
  readonly index: number;
  readonly blockCount: number;
  /**
   * First requester per block, and the others (several only in endgame) in a side table: one
   * array per requested block would be an allocation that outlives the young generation.
   */
  readonly #first: Array<P | undefined>;
  readonly #more: Array<P[] | undefined>;
  /** Peer that delivered each received block; `undefined` = not received. */
  readonly from: Array<P | undefined>;
  readonly received: Uint8Array;
  /** 1 where the block has at least one requester. */
  readonly #requested: Uint8Array;
  receivedCount = 0;
  /** Blocks neither received nor requested. */
  unrequested: number;

  constructor(index: number, blockCount: number) {
    this.index = index;
    this.blockCount = blockCount;
    this.#first = new Array<P | undefined>(blockCount);
    this.#more = new Array<P[] | undefined>(blockCount);
    this.from = new Array<P | undefined>(blockCount);
    this.received = new Uint8Array(blockCount);
    this.#requested = new Uint8Array(blockCount);
    this.unrequested = blockCount;
  }

  /** True when block `i` has at least one requester. */
  isRequested(i: number): boolean {
    return this.#requested[i] === 1;
  }

  /** Requesters of block `i` (empty array when none). */
  requestersOf(i: number): readonly P[] {
    if (!this.#requested[i]) return [];
    const more = this.#more[i];
    return more ? [this.#first[i]!, ...more] : [this.#first[i]!];
  }

  /** True when `peer` has requested block `i`. */
  requestedBy(i: number, peer: P): boolean {
    if (!this.#requested[i]) return false;
    return this.#first[i] === peer || (this.#more[i]?.includes(peer) ?? false);
  }

  /** Records a request; returns true when the block went from unrequested to requested. */
  request(peer: P, i: number): boolean {
    if (this.#requested[i]) {
      if (!this.requestedBy(i, peer)) (this.#more[i] ??= []).push(peer);
      return false;
    }
    this.#requested[i] = 1;
    this.#first[i] = peer;
    if (this.received[i]) return false;
    this.unrequested--;
    return true;
  }

  /** Drops `peer`'s request of block `i`; returns true when the block became unrequested again. */
  release(peer: P, i: number): boolean {
    if (!this.requestedBy(i, peer)) return false;
    const more = this.#more[i];
    if (this.#first[i] === peer) {
      if (more && more.length > 0) {
        this.#first[i] = more.shift();
        if (more.length === 0) this.#more[i] = undefined;
        return false;
      }
    } else {
      more!.splice(more!.indexOf(peer), 1);
      if (more!.length === 0) this.#more[i] = undefined;
      return false;
    }
    this.#clear(i);
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
    const list = this.requestersOf(i);
    if (list.length === 0) this.unrequested--;
    this.received[i] = 1;
    this.receivedCount++;
    this.from[i] = peer;
    this.#clear(i);
    return list.length === 0 ? [] : list.filter((p) => p !== peer);
  }

  #clear(i: number): void {
    this.#requested[i] = 0;
    this.#first[i] = undefined;
    this.#more[i] = undefined;
  }

  /** True when every block arrived. */
  get complete(): boolean {
    return this.receivedCount === this.blockCount;
  }
}
