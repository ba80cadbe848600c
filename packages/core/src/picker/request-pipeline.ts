/**
 * @module picker/request-pipeline — how many requests to keep queued at a peer, and when an
 * outstanding request has timed out. Pure: rates and times are passed in.
 *
 * Depth: enough requests to cover the peer's bandwidth-delay product, so the pipe never runs
 * dry while the next request travels — depth = rate × target latency / block size, clamped to
 * [min, max] (libtorrent's request queue time; BEP 3 suggests at least a few pipelined requests).
 * A peer we have no measure of yet starts at `min` and grows as blocks arrive.
 */
import { BLOCK_SIZE, type PeerRequest } from './types.js';

/** Options of {@link requestQueueDepth}. */
export interface QueueDepthOptions {
  /** Seconds of the peer's rate to keep requested (default 0.5). */
  readonly targetSeconds?: number;
  readonly blockSize?: number;
  /** Lower bound (default 4). */
  readonly min?: number;
  /** Upper bound (default 250, below the 255-500 limits common clients enforce). */
  readonly max?: number;
}

/** Requests to keep outstanding at a peer downloading to us at `bytesPerSecond`. */
export function requestQueueDepth(bytesPerSecond: number, options: QueueDepthOptions = {}): number {
  const min = options.min ?? 4;
  const max = options.max ?? 250;
  const rate = Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? bytesPerSecond : 0;
  const depth = Math.ceil((rate * (options.targetSeconds ?? 0.5)) / (options.blockSize ?? BLOCK_SIZE));
  return Math.max(min, Math.min(max, depth));
}

/** Options of {@link createRequestTracker}. */
export interface RequestTrackerOptions {
  /**
   * A peer with requests outstanding that sent no block for this long has stalled: all its
   * requests expire (default 20 000 ms).
   */
  readonly stallMs?: number;
  /**
   * Any single request older than this expires even if the peer sends other blocks (a peer that
   * silently drops one request; default 60 000 ms).
   */
  readonly maxAgeMs?: number;
}

/** Outstanding requests per peer with their send times. */
export interface RequestTracker<P> {
  /** A request was sent at `now`. */
  add(peer: P, request: { piece: number; offset: number; length: number }, now: number): void;
  /** The block arrived (`now` counts as progress) or the request was cancelled; true if it was tracked. */
  remove(peer: P, block: { piece: number; offset: number }, now?: number): boolean;
  /** Forget a peer (disconnect, choke); returns its requests. */
  removePeer(peer: P): Array<PeerRequest<P>>;
  /** Requests of `peer` outstanding. */
  count(peer: P): number;
  /**
   * Removes and returns the requests that timed out at `now`: all of a stalled peer's, plus any
   * older than `maxAgeMs`. Give them back to the picker (`cancelRequest`) so they are requested
   * from other peers, and consider the peer slow (BEP 3 `cancel` may be sent to it).
   */
  expired(now: number): Array<PeerRequest<P>>;
}

interface PeerBook<P> {
  readonly requests: Map<string, { req: PeerRequest<P>; sentAt: number }>;
  lastProgress: number;
}

/** Creates a request tracker; see {@link RequestTrackerOptions} for the two timeouts. */
export function createRequestTracker<P>(options: RequestTrackerOptions = {}): RequestTracker<P> {
  const stallMs = options.stallMs ?? 20_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const books = new Map<P, PeerBook<P>>();
  const key = (b: { piece: number; offset: number }): string => `${b.piece}:${b.offset}`;

  return {
    add(peer, request, now) {
      let book = books.get(peer);
      if (!book) books.set(peer, (book = { requests: new Map(), lastProgress: now }));
      // Waiting starts when the first request goes out, not when the peer last sent something.
      if (book.requests.size === 0) book.lastProgress = now;
      book.requests.set(key(request), { req: { peer, piece: request.piece, offset: request.offset, length: request.length }, sentAt: now });
    },
    remove(peer, block, now) {
      const book = books.get(peer);
      if (!book) return false;
      const had = book.requests.delete(key(block));
      if (had && now !== undefined) book.lastProgress = Math.max(book.lastProgress, now);
      return had;
    },
    removePeer(peer) {
      const book = books.get(peer);
      books.delete(peer);
      return book ? [...book.requests.values()].map((r) => r.req) : [];
    },
    count: (peer) => books.get(peer)?.requests.size ?? 0,
    expired(now) {
      const out: Array<PeerRequest<P>> = [];
      for (const book of books.values()) {
        const stalled = book.requests.size > 0 && now - book.lastProgress >= stallMs;
        for (const [k, r] of book.requests) {
          if (stalled || now - r.sentAt >= maxAgeMs) {
            out.push(r.req);
            book.requests.delete(k);
          }
        }
        if (stalled) book.lastProgress = now;
      }
      return out;
    },
  };
}
