/**
 * @module lib/counter-rate — the rate a person sees, from a byte counter sampled over time: the
 * bytes added within the last `windowMs`, per second. Nothing added within the window reads
 * exactly 0, so a share page whose peers have all left (or that sends nothing) shows 0 B/s
 * within one window instead of the last rate it measured.
 */

/** Default window: a few of the app's 500 ms polls, short enough to fall to 0 soon after a stop. */
export const COUNTER_RATE_WINDOW_MS = 2000;

/** Bytes per second of a growing counter; feed it every poll with {@link CounterRate.sample}. */
export class CounterRate {
  readonly #windowMs: number;
  #samples: { at: number; total: number }[] = [];

  constructor(windowMs = COUNTER_RATE_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /** Records `total` bytes at `nowMs` (monotonic ms); returns the rate over the window ending now. */
  sample(total: number, nowMs: number): number {
    const last = this.#samples[this.#samples.length - 1];
    // A counter that went back (a new session) or a clock that did starts a fresh measurement.
    if (last && (total < last.total || nowMs < last.at)) this.#samples = [];
    this.#samples.push({ at: nowMs, total });
    // Keep one sample at or before the window's start as the base of the difference.
    while (this.#samples.length > 1 && this.#samples[1]!.at <= nowMs - this.#windowMs) this.#samples.shift();
    const base = this.#samples[0]!;
    const span = nowMs - base.at;
    if (span <= 0 || total === base.total) return 0;
    // The base may be older than the window (sparse polls): the rate is over the real span.
    return ((total - base.total) * 1000) / Math.max(span, 1);
  }

  /** Forget every sample (e.g. when the transfer stops). */
  reset(): void {
    this.#samples = [];
  }
}
