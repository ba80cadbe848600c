/** @module swarm/rate-meter — bytes-per-second over a sliding window of one-second buckets. */

/**
 * The shortest span a rate is averaged over: a meter that saw its first block 1 ms ago would
 * otherwise report that block × 1000 per second.
 */
const MIN_SPAN_MS = 250;

/** Measures a transfer rate; `now` comes from the swarm's clock so tests can control time. */
export class RateMeter {
  readonly #buckets: Float64Array;
  #head = 0;
  #headSecond = -1;
  #total = 0;
  /** When the first bytes were added (ms). */
  #firstMs = 0;

  /** `windowSeconds` buckets of one second each (default 5). */
  constructor(windowSeconds = 5) {
    this.#buckets = new Float64Array(windowSeconds);
  }

  /** Total bytes ever added. */
  get total(): number {
    return this.#total;
  }

  add(bytes: number, nowMs: number): void {
    this.#advance(nowMs);
    this.#buckets[this.#head]! += bytes;
    this.#total += bytes;
  }

  /**
   * Bytes per second over the time the buckets actually cover: the older whole seconds plus the
   * elapsed part of the current one, or less for a young meter (since its first bytes). Dividing
   * by whole seconds instead under-read a steady rate by up to a fifth just after each second
   * began, and by up to half in a meter's second second, which is when the swarm sizes pipelines
   * and its memory bound from it (pipeline-limits.ts).
   */
  rate(nowMs: number): number {
    if (this.#headSecond < 0) return 0;
    this.#advance(nowMs);
    let sum = 0;
    for (const b of this.#buckets) sum += b;
    const window = (this.#buckets.length - 1) * 1000 + (nowMs - this.#headSecond * 1000);
    const span = Math.max(MIN_SPAN_MS, Math.min(window, nowMs - this.#firstMs));
    return (sum * 1000) / span;
  }

  #advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (this.#headSecond < 0) {
      this.#headSecond = second;
      this.#firstMs = nowMs;
      return;
    }
    let steps = second - this.#headSecond;
    if (steps <= 0) return;
    if (steps > this.#buckets.length) steps = this.#buckets.length;
    for (let i = 0; i < steps; i++) {
      this.#head = (this.#head + 1) % this.#buckets.length;
      this.#buckets[this.#head] = 0;
    }
    this.#headSecond = second;
  }
}
