/** @module swarm/rate-meter — bytes-per-second over a sliding window of one-second buckets. */

/** Measures a transfer rate; `now` comes from the swarm's clock so tests can control time. */
export class RateMeter {
  readonly #buckets: Float64Array;
  #head = 0;
  #headSecond = -1;
  #total = 0;

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

  /** Bytes per second averaged over the window (the current partial second included). */
  rate(nowMs: number): number {
    this.#advance(nowMs);
    let sum = 0;
    for (const b of this.#buckets) sum += b;
    const span = Math.min(this.#buckets.length, Math.max(1, this.#filledSeconds));
    return sum / span;
  }

  #filledSeconds = 0;

  #advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (this.#headSecond < 0) {
      this.#headSecond = second;
      this.#filledSeconds = 1;
      return;
    }
    let steps = second - this.#headSecond;
    if (steps <= 0) return;
    this.#filledSeconds = Math.min(this.#buckets.length, this.#filledSeconds + steps);
    if (steps > this.#buckets.length) steps = this.#buckets.length;
    for (let i = 0; i < steps; i++) {
      this.#head = (this.#head + 1) % this.#buckets.length;
      this.#buckets[this.#head] = 0;
    }
    this.#headSecond = second;
  }
}
