/**
 * @module rate/rate-meter — measured transfer rate over a sliding window (for the choker's
 * tit-for-tat ranking, request pipeline sizing and progress output). Pure: time is passed in.
 */

/** Options of {@link createRateMeter}. */
export interface RateMeterOptions {
  /** Averaging window in ms (default 20 000, as libtorrent's and mainline's rate estimates). */
  readonly windowMs?: number;
  /** Bucket width in ms (default 1 000). */
  readonly bucketMs?: number;
}

/** A sliding-window byte counter. */
export interface RateMeter {
  /** Records `bytes` transferred at time `now` (ms). */
  add(bytes: number, now: number): void;
  /** Bytes per second over the window ending at `now` (the window is shortened for young meters). */
  rate(now: number): number;
  /** Total bytes ever recorded. */
  readonly total: number;
}

/** Creates a rate meter; `start` is when measuring began (for young-meter averaging). */
export function createRateMeter(start: number, options: RateMeterOptions = {}): RateMeter {
  const bucketMs = options.bucketMs ?? 1000;
  const slots = Math.max(1, Math.ceil((options.windowMs ?? 20_000) / bucketMs));
  const counts = new Float64Array(slots);
  let currentBucket = Math.floor(start / bucketMs);
  let total = 0;

  const advance = (now: number): void => {
    const b = Math.floor(now / bucketMs);
    if (b <= currentBucket) return;
    const steps = Math.min(slots, b - currentBucket);
    for (let i = 1; i <= steps; i++) counts[(currentBucket + i) % slots] = 0;
    currentBucket = b;
  };

  return {
    get total() {
      return total;
    },
    add(bytes, now) {
      advance(now);
      counts[currentBucket % slots]! += bytes;
      total += bytes;
    },
    rate(now) {
      advance(now);
      let sum = 0;
      for (let i = 0; i < slots; i++) sum += counts[i]!;
      // Divide by the time actually covered: the older full buckets plus the elapsed part of
      // the current one — or less, for a meter younger than its window.
      const window = (slots - 1) * bucketMs + (now - currentBucket * bucketMs);
      const covered = Math.max(1, Math.min(window, now - start));
      return (sum * 1000) / covered;
    },
  };
}
