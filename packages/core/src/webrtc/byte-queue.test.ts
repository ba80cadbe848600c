/** @module webrtc/byte-queue.test — ordering, end, failure and abort of the receive queue. */
import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('hands chunks out in order, waking a waiting reader, and counts buffered bytes', async () => {
    const q = new ByteQueue();
    const first = q.pull();
    q.push(Uint8Array.of(1, 2));
    q.push(new Uint8Array(0)); // ignored
    q.push(Uint8Array.of(3));
    expect(Array.from((await first) ?? [])).toEqual([1, 2]);
    expect(q.bufferedBytes).toBe(1);
    expect(Array.from((await q.pull()) ?? [])).toEqual([3]);
    expect(q.bufferedBytes).toBe(0);
  });

  it('keeps order across many chunks (compaction)', async () => {
    const q = new ByteQueue();
    for (let i = 0; i < 5000; i++) q.push(Uint8Array.of(i & 0xff, i >> 8));
    for (let i = 0; i < 5000; i++) {
      const c = await q.pull();
      expect(c?.[0]).toBe(i & 0xff);
      expect(c?.[1]).toBe(i >> 8);
    }
  });

  it('ends after the queued chunks; ignores pushes after the end', async () => {
    const q = new ByteQueue();
    q.push(Uint8Array.of(9));
    q.end();
    q.push(Uint8Array.of(10));
    expect(Array.from((await q.pull()) ?? [])).toEqual([9]);
    expect(await q.pull()).toBeUndefined();
    expect(q.finished).toBe(true);
  });

  it('fail() throws after the queued chunks; abort() throws at once', async () => {
    const failed = new ByteQueue();
    failed.push(Uint8Array.of(1));
    const err = new Error('x');
    failed.fail(err);
    expect(Array.from((await failed.pull()) ?? [])).toEqual([1]);
    await expect(failed.pull()).rejects.toBe(err);

    const aborted = new ByteQueue();
    aborted.push(Uint8Array.of(1));
    const waiting = new ByteQueue();
    const pending = waiting.pull();
    aborted.abort(err);
    waiting.abort(err);
    await expect(aborted.pull()).rejects.toBe(err);
    await expect(pending).rejects.toBe(err);
  });

  it('serves concurrent pulls in order without orphaning any', async () => {
    const q = new ByteQueue();
    const first = q.pull();
    const second = q.pull();
    q.push(Uint8Array.of(1));
    q.push(Uint8Array.of(2));
    expect([Array.from((await first) ?? []), Array.from((await second) ?? [])]).toEqual([[1], [2]]);
    const third = q.pull();
    const fourth = q.pull();
    q.end();
    expect([await third, await fourth]).toEqual([undefined, undefined]);
  });

  it('reads as an async iterable to its end, and rethrows a failure after the queued chunks', async () => {
    const q = new ByteQueue();
    q.push(Uint8Array.of(1, 2));
    q.push(Uint8Array.of(3));
    q.end();
    const got: number[][] = [];
    for await (const chunk of q.readable()) got.push(Array.from(chunk));
    expect(got).toEqual([[1, 2], [3]]);

    const failed = new ByteQueue();
    const err = new Error('gone');
    failed.push(Uint8Array.of(4));
    failed.fail(err);
    const seen: number[] = [];
    await expect((async () => {
      for await (const chunk of failed.readable()) seen.push(...chunk);
    })()).rejects.toBe(err);
    expect(seen).toEqual([4]);
  });
});
