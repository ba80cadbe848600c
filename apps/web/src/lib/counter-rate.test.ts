/** @module lib/counter-rate.test — the displayed rate falls to 0 when nothing is sent. */
import { describe, expect, it } from 'vitest';
import { CounterRate } from './counter-rate.js';

/** Polls every 500 ms from `from` to `to` (inclusive) with the counter `total(t)`; returns the rates. */
function poll(r: CounterRate, from: number, to: number, total: (t: number) => number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t += 500) out.push(r.sample(total(t), t));
  return out;
}

describe('CounterRate', () => {
  it('measures a steady 1 MB/s', () => {
    const r = new CounterRate(2000);
    const rates = poll(r, 0, 5000, (t) => t * 1000);
    expect(rates[0]).toBe(0);
    for (const v of rates.slice(1)) expect(v).toBeCloseTo(1_000_000, -3);
  });

  it('falls to exactly 0 within one window after the counter stops (every peer left)', () => {
    const r = new CounterRate(2000);
    poll(r, 0, 5000, (t) => t * 1000);
    const after = poll(r, 5500, 9000, () => 5_000_000);
    expect(after[0]).toBeGreaterThan(0); // the last second still had traffic
    expect(after.slice(3).every((v) => v === 0)).toBe(true); // from 7 s on: nothing sent for 2 s
    expect(after[after.length - 1]).toBe(0);
  });

  it('reads 0 when polls are sparse and nothing was added, and restarts after a counter reset', () => {
    const r = new CounterRate(2000);
    r.sample(1000, 0);
    expect(r.sample(1000, 60_000)).toBe(0);
    expect(r.sample(2000, 61_000)).toBeGreaterThan(0);
    expect(r.sample(10, 61_500)).toBe(0); // new session: counter went back
    expect(r.sample(510, 62_000)).toBeCloseTo(1000, 6);
    r.reset();
    expect(r.sample(9999, 63_000)).toBe(0);
  });
});
