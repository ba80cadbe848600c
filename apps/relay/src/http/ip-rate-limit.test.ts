/** @module http/ip-rate-limit.test — the per-IP request bucket: burst, refill, bounded LRU table. */
import { describe, expect, it } from 'vitest';
import { IpRateLimiter } from './ip-rate-limit.js';

describe('IpRateLimiter', () => {
  it('allows a burst, then one request per 1/rate seconds, per IP', () => {
    const l = new IpRateLimiter({ rate: 2, burst: 3, maxIps: 10 });
    expect([0, 1, 2].map(() => l.take('a', 0))).toEqual([0, 0, 0]);
    expect(l.take('a', 0)).toBe(500); // one token at 2/s is 500 ms away
    expect(l.take('b', 0)).toBe(0); // another IP has its own bucket
    expect(l.take('a', 499)).toBeGreaterThan(0);
    expect(l.take('a', 500)).toBe(0);
    expect(l.take('a', 500)).toBeGreaterThan(0);
    // Refill never exceeds the burst.
    expect([0, 1, 2, 3].map(() => l.take('a', 1_000_000))).toEqual([0, 0, 0, 500]);
  });

  it('refused requests cost nothing', () => {
    const l = new IpRateLimiter({ rate: 1, burst: 1, maxIps: 10 });
    expect(l.take('a', 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(l.take('a', 10)).toBeGreaterThan(0);
    expect(l.take('a', 1000)).toBe(0);
  });

  it('keeps at most maxIps buckets and evicts the least recently seen IP', () => {
    const l = new IpRateLimiter({ rate: 1, burst: 1, maxIps: 3 });
    for (const ip of ['a', 'b', 'c']) expect(l.take(ip, 0)).toBe(0);
    expect(l.take('a', 0)).toBeGreaterThan(0); // 'a' is now the most recently seen
    expect(l.take('d', 0)).toBe(0); // evicts 'b'
    expect(l.size).toBe(3);
    expect(l.take('a', 0)).toBeGreaterThan(0); // kept: still empty
    expect(l.take('c', 0)).toBeGreaterThan(0); // kept
    expect(l.take('b', 0)).toBe(0); // evicted earlier, so it starts full again
    for (let i = 0; i < 10_000; i++) l.take(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(l.size).toBe(3);
  });

  it('rate 0 is unlimited and tracks nothing', () => {
    const l = new IpRateLimiter({ rate: 0, burst: 1, maxIps: 1 });
    for (let i = 0; i < 100; i++) expect(l.take('a', 0)).toBe(0);
    expect(l.size).toBe(0);
  });
});
