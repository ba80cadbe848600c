/**
 * @module wire/peer-requests — the peer's requests to us: the outstanding limit we advertise
 * as `reqq`, BEP 3 vs BEP 6 behaviour while we choke, and the pieces we allow fast.
 */
import { WireProtocolError } from './errors.js';
import type { BlockRef } from './messages.js';
import { RequestBook, type PendingRequest } from './request-book.js';

/** What to do with an incoming request. */
export type RequestVerdict = 'accept' | 'reject' | 'ignore';

/** The peer's side of the request pipeline towards us. */
export class PeerRequests {
  private readonly book = new RequestBook();
  /** BEP 6: pieces we let the peer request while we choke it. */
  private readonly allowedFast = new Set<number>();
  /** Rejects answered since the last flush: a peer flooding requests while choked is bounded. */
  private rejects = 0;

  constructor(private readonly max: number) {}

  /** Grant `index` as allowed fast; false if it already was. */
  grantFast(index: number): boolean {
    if (this.allowedFast.has(index)) return false;
    this.allowedFast.add(index);
    return true;
  }

  /**
   * Classify and record a request. While we choke: BEP 3 ignores it (it may have crossed our
   * choke), BEP 6 rejects it unless the piece is allowed fast. Throws
   * `WIRE_TOO_MANY_REQUESTS` beyond `max` outstanding (or `max` unflushed rejects).
   */
  onRequest(ref: BlockRef, now: number, choking: boolean, fast: boolean): RequestVerdict {
    if (choking && !(fast && this.allowedFast.has(ref.index))) {
      if (!fast) return 'ignore';
      if (++this.rejects > this.max) throw new WireProtocolError('WIRE_TOO_MANY_REQUESTS', 'request flood while choked');
      return 'reject';
    }
    if (this.book.size >= this.max) {
      throw new WireProtocolError('WIRE_TOO_MANY_REQUESTS', `more than ${this.max} outstanding requests`);
    }
    return this.book.add(ref, now) ? 'accept' : 'ignore'; // a duplicate of a pending request
  }

  /** Remove a pending request (served, rejected or cancelled); false if it was not pending. */
  take(ref: BlockRef): boolean {
    return this.book.take(ref.index, ref.begin, ref.length) !== undefined;
  }

  /** We choke: remove and return the requests that will not be served (all but allowed fast under BEP 6). */
  onChoke(fast: boolean): BlockRef[] {
    return this.book.removeWhere((r) => !(fast && this.allowedFast.has(r.index)));
  }

  /** Outbound messages were flushed: the reject budget starts again. */
  flushed(): void {
    this.rejects = 0;
  }

  /** Snapshot of the pending requests. */
  list(): PendingRequest[] {
    return this.book.list();
  }
}
