/** @module tunnel/token-bucket.test — the relay's byte-rate limiter as a pure unit, on an injected clock. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a burst through, then asks to wait exactly until the debt is repaid', () => {
    const b = new TokenBucket(1000, 500, 0);
    expect(b.take(500, 0)).toBe(0);
    expect(b.take(250, 0)).toBe(250); // 250 bytes of debt at 1000 B/s
    expect(b.available(250)).toBeCloseTo(0);
    expect(b.take(100, 250)).toBe(100);
  });

  it('never holds more than the burst, however long it idles', () => {
    const b = new TokenBucket(1000, 500, 0);
    expect(b.available(1_000_000)).toBe(500);
  });

  it('rate 0 is unlimited', () => {
    const b = new TokenBucket(0, 1, 0);
    expect(b.take(1e12, 0)).toBe(0);
  });

  it('a sender that obeys the waits never exceeds burst + rate·t + one frame', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1000, max: 10_000_000 }), (frames, rate) => {
        const burst = 64 * 1024;
        const b = new TokenBucket(rate, burst, 0);
        let now = 0;
        let sent = 0;
        for (const f of frames) {
          sent += f;
          const wait = b.take(f, now);
          expect(sent).toBeLessThanOrEqual(burst + (rate * now) / 1000 + f);
          now += wait;
        }
      }),
    );
  });
});
