/** @module swarm/rate-meter.test — the measured rate is the true one at any moment of a second. */
import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.js';

/** Feeds `bytesPerSecond` in 16 KiB blocks from `from` to `to` (ms); returns the meter. */
function steady(meter: RateMeter, bytesPerSecond: number, from: number, to: number): RateMeter {
  const block = 16384;
  const every = (block * 1000) / bytesPerSecond;
  for (let t = from; t < to; t += every) meter.add(block, t);
  return meter;
}

describe('RateMeter', () => {
  it('reads 0 before any bytes', () => {
    expect(new RateMeter().rate(12_345)).toBe(0);
  });

  it('reads a steady 20 MB/s as such just after a second begins (whole seconds under-read it by a fifth)', () => {
    const m = steady(new RateMeter(), 20e6, 0, 10_050);
    expect(m.rate(10_050) / 20e6).toBeGreaterThan(0.97);
    expect(m.rate(10_050) / 20e6).toBeLessThan(1.03);
  });

  it('reads a young meter over the time since its first bytes (not a whole first second)', () => {
    const m = steady(new RateMeter(), 20e6, 5_000, 5_600);
    expect(m.rate(5_600) / 20e6).toBeGreaterThan(0.97);
    const m2 = steady(new RateMeter(), 20e6, 5_000, 6_200);
    expect(m2.rate(6_200) / 20e6).toBeGreaterThan(0.97);
  });

  it('does not spike on the first block', () => {
    const m = new RateMeter();
    m.add(16384, 1_000);
    expect(m.rate(1_001)).toBe((16384 * 1000) / 250);
  });

  it('forgets bytes older than its window and counts idle time in it', () => {
    const m = steady(new RateMeter(5), 20e6, 0, 3_000);
    expect(m.rate(9_500)).toBe(0);
    steady(m, 10e6, 9_500, 12_000);
    // The window is 8..12 s; bytes came in its last 2.5 s.
    expect(m.rate(12_000) / (10e6 * (2.5 / 4))).toBeGreaterThan(0.97);
    expect(m.rate(12_000) / (10e6 * (2.5 / 4))).toBeLessThan(1.03);
  });
});
