import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';
import { createRateMeter } from './rate-meter.js';
import { createThrottle, throttleConnection } from './throttle.js';
import { createMemoryConnectionPair } from '../transport/memory-transport.js';

describe('token bucket', () => {
  it('lets a burst through, then paces at the rate', () => {
    let t = 0;
    const b = createTokenBucket({ bytesPerSecond: 1000, burstBytes: 500, now: () => t });
    expect(b.take(500)).toBe(0);
    expect(b.take(100)).toBe(100); // 100 bytes of debt at 1000 B/s
    expect(b.take(100)).toBe(200); // queued behind the first
    t = 200; // debt repaid exactly
    expect(b.take(0)).toBe(0);
    expect(b.take(1)).toBe(1);
  });

  it('never exceeds rate × time + burst for callers that wait as told', () => {
    let t = 0;
    const rate = 10_000;
    const burst = 2_000;
    const b = createTokenBucket({ bytesPerSecond: rate, burstBytes: burst, now: () => t });
    let sent = 0;
    for (let i = 0; i < 1000; i++) {
      const size = 1 + ((i * 7919) % 3000);
      t += b.take(size); // wait as told, then send
      sent += size;
      expect(sent).toBeLessThanOrEqual((rate * t) / 1000 + burst + 1);
    }
    // and it is not needlessly slow: within 1% + one burst of the cap
    expect(sent).toBeGreaterThan((rate * t) / 1000 * 0.99);
  });

  it('refills at most to the burst after idling', () => {
    let t = 0;
    const b = createTokenBucket({ bytesPerSecond: 1000, burstBytes: 100, now: () => t });
    t = 60_000;
    expect(b.take(100)).toBe(0);
    expect(b.take(100)).toBe(100);
  });

  it('is unlimited at Infinity and rejects rates ≤ 0', () => {
    const b = createTokenBucket({ bytesPerSecond: Infinity });
    expect(b.take(1e12)).toBe(0);
    expect(() => createTokenBucket({ bytesPerSecond: 0 })).toThrow(expect.objectContaining({ code: 'RATE_INVALID' }));
    expect(() => b.setRate(-1)).toThrow(expect.objectContaining({ code: 'RATE_INVALID' }));
  });

  it('applies a new rate from now on', () => {
    let t = 0;
    const b = createTokenBucket({ bytesPerSecond: 1000, burstBytes: 0, now: () => t });
    expect(b.take(1000)).toBe(1000);
    t = 1000;
    b.setRate(2000, 0);
    expect(b.take(1000)).toBe(500);
  });
});

describe('rate meter', () => {
  it('averages over the window and forgets old traffic', () => {
    const m = createRateMeter(0, { windowMs: 10_000, bucketMs: 1000 });
    for (let s = 0; s < 10; s++) m.add(1000, s * 1000 + 500);
    expect(m.rate(10_000)).toBeCloseTo(1000, 5);
    // buckets 6..9 still hold 4 000 bytes over the 9 full buckets + 0 ms of the current one
    expect(m.rate(15_000)).toBeCloseTo(4000 / 9, 5);
    expect(m.rate(15_500)).toBeCloseTo(4000 / 9.5, 5);
    expect(m.rate(40_000)).toBe(0);
    expect(m.total).toBe(10_000);
  });

  it('does not underestimate a young meter', () => {
    const m = createRateMeter(0, { windowMs: 20_000 });
    m.add(4000, 1500);
    expect(m.rate(2000)).toBe(2000);
  });
});

describe('throttle', () => {
  it('waits with setTimeout and honours AbortSignal', async () => {
    const th = createThrottle(1_000_000, { burstBytes: 1000 });
    await th.wait(1000); // within the burst: immediate
    const ac = new AbortController();
    const waiting = th.wait(1_000_000, ac.signal); // ~1 s of debt
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('throttles a connection in both directions without changing the bytes', async () => {
    const [a, b] = createMemoryConnectionPair();
    const up = createThrottle(4_000_000, { burstBytes: 16_384 });
    const ta = throttleConnection(a, { up, down: createThrottle(4_000_000, { burstBytes: 16_384 }) });
    const payload = new Uint8Array(40_000).map((_, i) => i % 253);
    const writing = (async () => {
      for (let i = 0; i < payload.length; i += 10_000) await ta.write(payload.subarray(i, i + 10_000));
      ta.close();
    })();
    const got: number[] = [];
    for await (const c of b.readable) got.push(...c);
    await writing;
    expect(Uint8Array.from(got)).toEqual(payload);
    // The bucket really was charged: one more byte now owes ~(40 000 - 16 384) bytes of debt.
    expect(up.bucket.take(0)).toBe(0);
  });
});
