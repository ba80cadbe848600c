/**
 * @module tunnel/token-bucket — a byte-rate limiter that lets traffic run into debt.
 *
 * The relay forwards a frame it has already received and then charges it to the bucket; when
 * the balance goes negative it stops reading from the sender until the debt is paid back. So
 * the bytes forwarded by time t never exceed `burst + rate·t` plus the frames already read when
 * reading stopped, and no frame is ever held in relay memory waiting for tokens.
 */

/** A token bucket measured in bytes; `rate` 0 means unlimited. */
export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  private tokens: number;
  private last: number;

  /**
   * @param rate bytes per second (0 = unlimited)
   * @param burst bucket capacity in bytes
   * @param now current time in ms (injectable for tests)
   */
  constructor(rate: number, burst: number, now: number = performance.now()) {
    this.rate = rate;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.last = now;
  }

  /** Tokens available at `now` (negative while in debt). */
  available(now: number = performance.now()): number {
    this.refill(now);
    return this.tokens;
  }

  /** Charges `bytes`; returns how many ms the sender must wait before sending more (0 = none). */
  take(bytes: number, now: number = performance.now()): number {
    if (this.rate <= 0) return 0;
    this.refill(now);
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }
}
