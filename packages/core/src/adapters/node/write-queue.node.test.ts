import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWriteQueue } from './write-queue.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A real file and a queue on it that records how each run was written. */
async function setup(): Promise<{ path: string; queue: FileWriteQueue; calls: { op: string; parts: number; at: number }[]; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'seedling-wq-'));
  dirs.push(dir);
  const path = join(dir, 'f.bin');
  const h = await open(path, 'w+');
  const calls: { op: string; parts: number; at: number }[] = [];
  const spy = {
    write: (d: Uint8Array, off: number, len: number, pos: number) => {
      calls.push({ op: 'write', parts: 1, at: pos });
      return h.write(d, off, len, pos);
    },
    writev: (bufs: Uint8Array[], pos: number) => {
      calls.push({ op: 'writev', parts: bufs.length, at: pos });
      return h.writev(bufs, pos);
    },
  } as unknown as FileHandle;
  const queue = new FileWriteQueue((fn) => fn(spy));
  return { path, queue, calls, close: () => h.close() };
}

const block = (n: number, len = 1000): Uint8Array => new Uint8Array(len).fill(n);

describe('FileWriteQueue', () => {
  it('writes pieces issued out of order to their places, merging adjacent ones queued meanwhile', async () => {
    const { path, queue, calls, close } = await setup();
    // The first write runs alone; the rest queue behind it: 5,6,7 are adjacent, 9 is not.
    const order = [0, 7, 5, 9, 6, 3];
    await Promise.all(order.map((i) => queue.write(i * 1000, block(i + 1))));
    await close();
    const bytes = new Uint8Array(await readFile(path));
    expect(bytes.length).toBe(10_000);
    for (let i = 0; i < 10; i++) {
      const want = order.includes(i) ? i + 1 : 0;
      expect(bytes.subarray(i * 1000, (i + 1) * 1000).every((b) => b === want)).toBe(true);
    }
    // 0 alone, then 3, [5,6,7] as one writev, 9: four calls in offset order.
    expect(calls).toEqual([
      { op: 'write', parts: 1, at: 0 },
      { op: 'write', parts: 1, at: 3000 },
      { op: 'writev', parts: 3, at: 5000 },
      { op: 'write', parts: 1, at: 9000 },
    ]);
  });

  it('rejects the writes of a run that failed and still writes later ones', async () => {
    let fail = true;
    const dir = await mkdtemp(join(tmpdir(), 'seedling-wq-'));
    dirs.push(dir);
    const h = await open(join(dir, 'g.bin'), 'w+');
    const queue = new FileWriteQueue(async (fn) => {
      if (fail) {
        fail = false;
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      }
      await fn(h);
    });
    const first = queue.write(0, block(1));
    const second = queue.write(5000, block(2));
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toBeUndefined();
    await h.close();
    const bytes = new Uint8Array(await readFile(join(dir, 'g.bin')));
    expect(bytes.subarray(5000, 6000).every((b) => b === 2)).toBe(true);
  });

  it('writes empty data without looping', async () => {
    const { queue, close } = await setup();
    await expect(queue.write(0, new Uint8Array(0))).resolves.toBeUndefined();
    await close();
  });
});
