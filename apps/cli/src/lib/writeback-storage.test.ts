/** @module lib/writeback-storage.test — downloads sync as they go, and a failed background sync is reported. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage, StorageFactory, StorageFile } from '@seedling/core';
import { createFileStorage } from '@seedling/core/node';
import { writebackStorage } from './writeback-storage.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const MiB = 1 << 20;
const files: StorageFile[] = [{ path: ['a.bin'], length: 4 * MiB, offset: 0 }];

/** Real file storage under a temp dir, with its flushes counted. */
async function counted(): Promise<{ factory: StorageFactory; flushes: () => number; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'seedling-writeback-'));
  dirs.push(root);
  let n = 0;
  const real = createFileStorage({ root });
  const factory: StorageFactory = async (f) => {
    const s = await real(f);
    const flush = s.flush.bind(s);
    return { ...s, read: s.read.bind(s), write: s.write.bind(s), close: s.close.bind(s), flush: () => (n++, flush()) } satisfies Storage;
  };
  return { factory, flushes: () => n, root };
}

describe('writebackStorage', () => {
  it('flushes in the background every `everyBytes` written, and the data is intact', async () => {
    const { factory, flushes, root } = await counted();
    const s = await writebackStorage(factory, MiB)(files);
    const block = new Uint8Array(MiB);
    for (let k = 0; k < 4; k++) await s.write(k * MiB, block.fill(k + 1));
    expect(flushes()).toBeGreaterThanOrEqual(1); // without write-back only the final flush would run
    await s.flush();
    const before = flushes();
    await s.close();
    const data = await readFile(join(root, 'a.bin'));
    expect(data.length).toBe(4 * MiB);
    for (let k = 0; k < 4; k++) expect(data[k * MiB + 7]).toBe(k + 1);
    expect(flushes()).toBe(before);
  });

  it('writes below the threshold leave syncing to the final flush', async () => {
    const { factory, flushes } = await counted();
    const s = await writebackStorage(factory, 8 * MiB)(files);
    await s.write(0, new Uint8Array(MiB));
    expect(flushes()).toBe(0);
    await s.flush();
    expect(flushes()).toBe(1);
    await s.close();
  });

  it('reports a failed background flush on the next flush', async () => {
    const { factory } = await counted();
    // A disk whose datasync fails cannot be made here: the real storage's flush rejects once.
    let fail = true;
    const failing: StorageFactory = async (f) => {
      const s = await factory(f);
      return { ...s, flush: () => (fail ? ((fail = false), Promise.reject(new Error('EIO: datasync failed'))) : s.flush()) };
    };
    const s = await writebackStorage(failing, MiB)(files);
    await s.write(0, new Uint8Array(MiB)); // starts the background flush, which fails
    await expect(s.flush()).rejects.toThrow('EIO');
    await s.flush(); // reported once; later flushes work
    await s.close();
  });
});
