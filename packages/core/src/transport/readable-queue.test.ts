import { describe, expect, it } from 'vitest';
import { createReadableQueue } from './readable-queue.js';

const bytes = (n: number, v = 1): Uint8Array => new Uint8Array(n).fill(v);

describe('readable queue', () => {
  it('signals high water when unread bytes pile up and low water once drained', async () => {
    const events: string[] = [];
    const q = createReadableQueue({ highWaterMark: 100, lowWaterMark: 30, onHigh: () => events.push('high'), onLow: () => events.push('low') });
    q.push(bytes(60));
    q.push(bytes(50));
    expect(events).toEqual(['high']);
    q.push(bytes(10)); // already paused: no second signal
    expect(q.buffered).toBe(120);
    const it = q[Symbol.asyncIterator]();
    await it.next(); // 60 left
    expect(events).toEqual(['high']);
    await it.next(); // 10 left ≤ 30
    expect(events).toEqual(['high', 'low']);
  });

  it('hands a chunk straight to a waiting reader', async () => {
    const q = createReadableQueue();
    const it = q[Symbol.asyncIterator]();
    const pending = it.next();
    q.push(bytes(3, 7));
    expect(await pending).toEqual({ done: false, value: bytes(3, 7) });
    expect(q.buffered).toBe(0);
  });

  it('end() lets buffered data out first; fail() drops it and throws once; clear() ends now', async () => {
    const q = createReadableQueue();
    q.push(bytes(2));
    q.end();
    q.push(bytes(5)); // ignored after end
    const got: number[] = [];
    for await (const c of q) got.push(c.length);
    expect(got).toEqual([2]);

    const f = createReadableQueue();
    f.push(bytes(2));
    f.fail(new Error('reset'));
    const it = f[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow('reset');
    expect(await it.next()).toEqual({ done: true, value: undefined });

    const c = createReadableQueue();
    c.push(bytes(2));
    const waiting = createReadableQueue();
    const w = waiting[Symbol.asyncIterator]().next();
    c.clear();
    waiting.clear();
    expect(await c[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    expect(await w).toEqual({ done: true, value: undefined });
  });

  it('survives breaking out of for-await: the next loop continues in order', async () => {
    const q = createReadableQueue();
    for (let i = 1; i <= 4; i++) q.push(bytes(1, i));
    q.end();
    const seen: number[] = [];
    for await (const c of q) {
      seen.push(c[0]!);
      if (seen.length === 2) break;
    }
    for await (const c of q) seen.push(c[0]!);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
