/**
 * @module wire/own-requests — our requests to one peer: the pipeline, BEP 6 allowed-fast
 * pieces, and matching of incoming blocks (requested, crossed a cancel, or unsolicited).
 */
import type { BlockRef } from './messages.js';
import { RecentKeys, RequestBook, type PendingRequest } from './request-book.js';
import type { SessionEvent } from './session-types.js';

/** Our side of the request pipeline towards one peer. */
export class OwnRequests {
  private readonly book = new RequestBook();
  /** Requests we cancelled or lost to a choke, so late blocks are not blamed on the peer. */
  private readonly forgotten: RecentKeys;
  /** BEP 6: pieces the peer lets us request while it chokes us. */
  private readonly allowedFast = new Set<number>();

  constructor(private readonly cap: number) {
    this.forgotten = new RecentKeys(cap * 2);
  }

  /** Outstanding requests. */
  get size(): number {
    return this.book.size;
  }

  /** Free pipeline slots given the peer's `reqq`. */
  slots(reqq: number): number {
    return Math.max(0, Math.min(this.cap, reqq) - this.book.size);
  }

  /** BEP 6 allowed fast from the peer; false if ignored (set full: memory stays bounded). */
  allowFast(index: number): boolean {
    if (this.allowedFast.size >= this.cap) return false;
    this.allowedFast.add(index);
    return true;
  }

  /** True if the peer allowed `index` fast. */
  isAllowedFast(index: number): boolean {
    return this.allowedFast.has(index);
  }

  /** Record a request at `now`; false if one for the same block is outstanding. */
  add(ref: BlockRef, now: number): boolean {
    return this.book.add(ref, now);
  }

  /** Forget an outstanding request we cancel; false if it was not outstanding. */
  cancel(ref: BlockRef): boolean {
    if (!this.book.take(ref.index, ref.begin, ref.length)) return false;
    this.forgotten.add(ref);
    return true;
  }

  /** BEP 3 choke without the fast extension: every pending request is void. */
  dropAll(): BlockRef[] {
    const dropped = this.book.clear();
    for (const r of dropped) this.forgotten.add(r);
    return dropped;
  }

  /** Match an incoming block against our requests. */
  onBlock(index: number, begin: number, block: Uint8Array): SessionEvent {
    const pending = this.book.take(index, begin, block.length);
    if (pending) return { type: 'block', index, begin, block, requestedAt: pending.at };
    const reason = this.forgotten.take(index, begin) ? 'cancelled' : 'unknown';
    return { type: 'unrequested-block', index, begin, block, reason };
  }

  /** BEP 6 reject: true if it matched an outstanding request (now removed). */
  onReject(ref: BlockRef): boolean {
    if (this.book.take(ref.index, ref.begin, ref.length)) return true;
    this.forgotten.take(ref.index, ref.begin); // crossed our cancel: normal
    return false;
  }

  /** Requests made before `cutoff`. */
  olderThan(cutoff: number): BlockRef[] {
    return this.book.olderThan(cutoff);
  }

  /** Snapshot of the outstanding requests. */
  list(): PendingRequest[] {
    return this.book.list();
  }
}
