/**
 * @module http/ip-rate-limit — a request token bucket per client IP for the HTTP tracker
 * (`GET /announce`, `GET /scrape`), with a bounded table.
 *
 * Each IP gets `burst` requests at once and `rate` more per second. The table holds at most
 * `maxIps` buckets; the least recently seen IP is evicted first (a Map keeps insertion order, and
 * every request re-inserts its IP), so a flood from many addresses costs bounded memory. An
 * evicted IP starts again with a full bucket: with the cap well above the number of IPs active
 * within `burst / rate` seconds, that only happens under a flood of fresh addresses, each of
 * which is then still held to `burst` requests until it is evicted.
 */

/** Settings of an {@link IpRateLimiter}. */
export interface IpRateLimitOptions {
  /** Requests per second per IP (0 = unlimited). */
  rate: number;
  /** Requests one IP may make at once (bucket size, ≥ 1). */
  burst: number;
  /** IPs tracked at most (≥ 1); the least recently seen is evicted first. */
  maxIps: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Per-IP request limiter with LRU eviction. */
export class IpRateLimiter {
  readonly rate: number;
  readonly burst: number;
  readonly maxIps: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: IpRateLimitOptions) {
    this.rate = Math.max(0, options.rate);
    this.burst = Math.max(1, options.burst);
    this.maxIps = Math.max(1, options.maxIps);
  }

  /** IPs currently tracked (never more than `maxIps`). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes one request for `ip` at `now` (ms). Returns 0 when allowed, else the ms until one
   * more request would be (the refused request costs nothing).
   */
  take(ip: string, now: number = performance.now()): number {
    if (this.rate <= 0) return 0;
    let b = this.buckets.get(ip);
    if (b) {
      this.buckets.delete(ip); // re-inserted below: most recently seen last
      b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, now - b.last) * this.rate) / 1000);
      b.last = now;
    } else {
      b = { tokens: this.burst, last: now };
      if (this.buckets.size >= this.maxIps) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(ip, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.rate) * 1000);
  }
}
