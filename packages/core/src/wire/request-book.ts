/** @module wire/request-book — outstanding block requests keyed by (index, begin), with their time. */
import type { BlockRef } from './messages.js';

/** A request and when it was made (caller's clock, e.g. ms). */
export interface PendingRequest {
  ref: BlockRef;
  at: number;
}

const keyOf = (index: number, begin: number): string => `${index}:${begin}`;

/**
 * Outstanding requests in one direction. At most one request per (index, begin): a duplicate
 * is refused, which also bounds the book by the caller's own limit checks.
 */
export class RequestBook {
  private readonly map = new Map<string, PendingRequest>();

  /** Number of outstanding requests. */
  get size(): number {
    return this.map.size;
  }

  /** Add a request; false if one for the same (index, begin) is already outstanding. */
  add(ref: BlockRef, at: number): boolean {
    const key = keyOf(ref.index, ref.begin);
    if (this.map.has(key)) return false;
    this.map.set(key, { ref: { index: ref.index, begin: ref.begin, length: ref.length }, at });
    return true;
  }

  /** True if exactly this request (same length too) is outstanding. */
  has(ref: BlockRef): boolean {
    return this.map.get(keyOf(ref.index, ref.begin))?.ref.length === ref.length;
  }

  /** Remove and return the request matching (index, begin, length), if any. */
  take(index: number, begin: number, length: number): PendingRequest | undefined {
    const key = keyOf(index, begin);
    const entry = this.map.get(key);
    if (!entry || entry.ref.length !== length) return undefined;
    this.map.delete(key);
    return entry;
  }

  /** Remove every request and return them (e.g. BEP 3 choke discards pending requests). */
  clear(): BlockRef[] {
    const out = [...this.map.values()].map((e) => e.ref);
    this.map.clear();
    return out;
  }

  /** Remove and return the requests for which `pred` holds. */
  removeWhere(pred: (ref: BlockRef) => boolean): BlockRef[] {
    const out: BlockRef[] = [];
    for (const [key, e] of this.map) {
      if (pred(e.ref)) {
        this.map.delete(key);
        out.push(e.ref);
      }
    }
    return out;
  }

  /** Requests made before `cutoff` (for the caller's timeout/snub logic; nothing is removed). */
  olderThan(cutoff: number): BlockRef[] {
    const out: BlockRef[] = [];
    for (const e of this.map.values()) if (e.at < cutoff) out.push(e.ref);
    return out;
  }

  /** Snapshot of all outstanding requests. */
  list(): PendingRequest[] {
    return [...this.map.values()];
  }
}

/**
 * A bounded memory of recently cancelled (index, begin) pairs, so a block or reject that
 * crossed our cancel on the wire is recognised as such instead of flagged as unsolicited.
 */
export class RecentKeys {
  private readonly set = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Remember a request; the oldest entry is forgotten beyond capacity. */
  add(ref: BlockRef): void {
    const key = keyOf(ref.index, ref.begin);
    this.set.delete(key);
    this.set.add(key);
    if (this.set.size > this.capacity) this.set.delete(this.set.values().next().value as string);
  }

  /** Forget and report whether (index, begin) was remembered. */
  take(index: number, begin: number): boolean {
    return this.set.delete(keyOf(index, begin));
  }
}
