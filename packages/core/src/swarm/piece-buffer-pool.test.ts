/**
 * @module swarm/piece-buffer-pool.test — the pool stays within its bound (acquire waits, never
 * allocates more), shares a slot between readers of one key, refills only unreferenced slots
 * (least recently used first), frees a slot whose fill failed, and honours AbortSignal.
 */
import { describe, expect, it } from 'vitest';
import { PieceBufferPool, PoolClosedError, type PoolSlot } from './piece-buffer-pool.js';

/** A fill writing `key` into every byte, counting calls. */
function filler(calls: number[]) {
  return (key: number) =>
    async (out: Uint8Array): Promise<void> => {
      calls.push(key);
      out.fill(key);
    };
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 5));
  return done;
};

describe('PieceBufferPool', () => {
  it('never allocates more than maxSlots: an acquire waits until a slot is released', async () => {
    const calls: number[] = [];
    const fill = filler(calls);
    const pool = new PieceBufferPool({ slotBytes: 16, maxSlots: 2 });
    const a = await pool.acquire(1, 16, fill(1));
    const b = await pool.acquire(2, 16, fill(2));
    const c = pool.acquire(3, 16, fill(3));
    expect(await settled(c)).toBe(false);
    expect(pool.allocated).toBe(2);
    expect(pool.inUse).toBe(2);
    pool.release(a);
    const slotC = await c;
    expect(pool.allocated).toBe(2);
    // The slot that held key 1 was refilled with key 3: same memory, new data.
    expect(slotC.data.buffer).toBe(a.data.buffer);
    expect([...slotC.data]).toEqual(new Array(16).fill(3));
    expect(pool.tryRetain(1)).toBeNull();
    pool.release(b);
    pool.release(slotC);
    expect(pool.inUse).toBe(0);
  });

  it('a referenced slot is never refilled, however many other keys are asked for', async () => {
    const calls: number[] = [];
    const fill = filler(calls);
    const pool = new PieceBufferPool({ slotBytes: 8, maxSlots: 3 });
    const held = await pool.acquire(7, 8, fill(7));
    const view = held.data.subarray(2, 6); // like a block view waiting to be written
    for (let k = 100; k < 140; k++) pool.release(await pool.acquire(k, 8, fill(k)));
    expect([...view]).toEqual([7, 7, 7, 7]);
    expect(pool.allocated).toBe(3);
    pool.release(held);
  });

  it('shares one fill between readers of a key, also while the fill is pending', async () => {
    let finish!: () => void;
    let fills = 0;
    const slow = async (out: Uint8Array): Promise<void> => {
      fills++;
      await new Promise<void>((r) => (finish = r));
      out.fill(9);
    };
    const pool = new PieceBufferPool({ slotBytes: 4, maxSlots: 2 });
    const p1 = pool.acquire(5, 4, slow);
    const p2 = pool.acquire(5, 4, slow);
    expect(pool.tryRetain(5)).toBeNull(); // not ready yet
    finish();
    const [s1, s2] = await Promise.all([p1, p2]);
    expect(s1).toBe(s2);
    expect(fills).toBe(1);
    const s3 = pool.tryRetain(5)!;
    expect([...s3.data]).toEqual([9, 9, 9, 9]);
    for (const s of [s1, s2, s3]) pool.release(s);
    expect(pool.inUse).toBe(0);
    expect(() => pool.release(s1)).toThrow(/without a reference/);
  });

  it('refills the least recently used unreferenced slot first, keeping recent data cached', async () => {
    const calls: number[] = [];
    const fill = filler(calls);
    const pool = new PieceBufferPool({ slotBytes: 4, maxSlots: 2 });
    pool.release(await pool.acquire(1, 4, fill(1)));
    pool.release(await pool.acquire(2, 4, fill(2)));
    pool.release(pool.tryRetain(1)!); // 1 is now the most recently used
    pool.release(await pool.acquire(3, 4, fill(3))); // evicts 2
    expect(pool.tryRetain(2)).toBeNull();
    const one = pool.tryRetain(1);
    expect(one && [...one.data]).toEqual([1, 1, 1, 1]);
    pool.release(one!);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('a failed fill rejects every reader and frees the slot; the key is read again next time', async () => {
    const pool = new PieceBufferPool({ slotBytes: 4, maxSlots: 1 });
    const boom = async (): Promise<void> => {
      await Promise.resolve();
      throw new Error('disk gone');
    };
    const r1 = pool.acquire(1, 4, boom);
    const r2 = pool.acquire(1, 4, boom);
    await expect(r1).rejects.toThrow('disk gone');
    await expect(r2).rejects.toThrow('disk gone');
    expect(pool.inUse).toBe(0);
    const ok = await pool.acquire(1, 4, async (out) => void out.fill(4));
    expect([...ok.data]).toEqual([4, 4, 4, 4]);
    pool.release(ok);
  });

  it('a waiting acquire rejects when its signal aborts or the pool closes; clear() drops cached data', async () => {
    const calls: number[] = [];
    const fill = filler(calls);
    const pool = new PieceBufferPool({ slotBytes: 4, maxSlots: 1 });
    const held: PoolSlot = await pool.acquire(1, 4, fill(1));
    const ac = new AbortController();
    const waiting = pool.acquire(2, 4, fill(2), ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    pool.release(held);
    pool.clear();
    expect(pool.tryRetain(1)).toBeNull();
    const again = await pool.acquire(1, 4, fill(1));
    const blocked = pool.acquire(3, 4, fill(3));
    pool.close();
    await expect(blocked).rejects.toBeInstanceOf(PoolClosedError);
    pool.release(again);
    expect(calls).toEqual([1, 1]);
    await expect(pool.acquire(9, 5, fill(9))).rejects.toThrow(RangeError);
  });
});
