/**
 * @module rate/token-bucket — the token bucket behind upload/download caps. Pure: time comes from
 * the `now` clock passed in, so tests drive it with a fake clock.
 *
 * Debt model: `take(bytes)` always takes the bytes (the balance may go negative) and returns how
 * long the caller must wait before sending them. Callers that each wait their returned delay are
 * served in order and together never exceed the rate beyond the burst, and a request larger
 * than the burst cannot starve.
 */
import { RateError } from './errors.js';

/** Options of {@link createTokenBucket}. */
export interface TokenBucketOptions {
  /** Sustained rate in bytes per second; `Infinity` disables limiting. */
  readonly bytesPerSecond: number;
  /** Bucket size: bytes that may pass at once after idling (default max(rate / 10, 16 KiB)). */
  readonly burstBytes?: number;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/** A token bucket rate limiter. */
export interface TokenBucket {
  /** Takes `bytes` and returns the milliseconds to wait before using them (0 = go now). */
  take(bytes: number): number;
  /** Changes the rate (and burst, default derived from the rate) keeping the current balance. */
  setRate(bytesPerSecond: number, burstBytes?: number): void;
  /** Current rate in bytes per second. */
  readonly bytesPerSecond: number;
}

function checkRate(rate: number): void {
  if (!(rate > 0)) throw new RateError('RATE_INVALID', `rate must be > 0 bytes/s (Infinity for unlimited), got ${rate}`);
}

const defaultBurst = (rate: number): number => Math.max(rate / 10, 16 * 1024);

/** Creates a token bucket, initially full. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const now = options.now ?? Date.now;
  checkRate(options.bytesPerSecond);
  let rate = options.bytesPerSecond;
  let capacity = options.burstBytes ?? defaultBurst(rate);
  let tokens = capacity;
  let last = now();

  const refill = (): void => {
    const t = now();
    if (t > last) {
      tokens = Math.min(capacity, tokens + ((t - last) * rate) / 1000);
      last = t;
    }
  };

  return {
    get bytesPerSecond() {
      return rate;
    },
    take(bytes) {
      if (rate === Infinity || bytes <= 0) return 0;
      refill();
      tokens -= bytes;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / rate);
    },
    setRate(bytesPerSecond, burstBytes) {
      checkRate(bytesPerSecond);
      refill();
      rate = bytesPerSecond;
      capacity = burstBytes ?? defaultBurst(rate);
      tokens = Math.min(tokens, capacity);
    },
  };
}
