/**
 * @module testing/storage-suite — the compliance suite every Storage adapter passes (memory, files,
 * OPFS...). Call it from the adapter's test file; it registers vitest `describe`/`it` blocks.
 *
 * @example
 * runStorageSuite({ name: 'memory', create: (files) => createMemoryStorage()(files) });
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage, StorageFile } from '../storage/storage.js';
import { fillPattern, randomBytes, createRandom } from './random.js';

/** Options of {@link runStorageSuite}. */
export interface StorageSuiteOptions {
  /** Shown in the describe block. */
  readonly name: string;
  /** Creates a fresh, empty storage for `files` (each call must be independent of the others). */
  create(files: readonly StorageFile[]): Promise<Storage>;
  /** Runs after each test, e.g. to remove temporary folders. */
  cleanup?(): Promise<void>;
}

/** Lays out files back to back (v1 style) from `[name, length, pad?]` tuples. */
export function layoutFiles(specs: ReadonlyArray<readonly [string, number, boolean?]>): StorageFile[] {
  let offset = 0;
  return specs.map(([name, length, pad]) => {
    const file: StorageFile = { path: name.split('/'), length, offset, ...(pad ? { pad: true } : {}) };
    offset += length;
    return file;
  });
}

/** Registers the Storage compliance tests. */
export function runStorageSuite(options: StorageSuiteOptions): void {
  describe(`Storage compliance: ${options.name}`, () => {
    afterEach(async () => {
      await options.cleanup?.();
    });

    it('reads back what was written in one file', async () => {
      const s = await options.create(layoutFiles([['a.bin', 100_000]]));
      const data = randomBytes(1, 70_000);
      await s.write(12_345, data);
      expect(await s.read(12_345, 70_000)).toEqual(data);
      await s.close();
    });

    it('writes and reads spanning three files', async () => {
      const files = layoutFiles([['d/one', 1000], ['d/two', 10], ['d/sub/three', 5000]]);
      const s = await options.create(files);
      const data = randomBytes(2, 2000);
      await s.write(500, data); // 500 bytes of one, all of two, 1490 of three
      expect(await s.read(500, 2000)).toEqual(data);
      expect(await s.read(1000, 10)).toEqual(data.subarray(500, 510));
      expect(await s.read(1010, 1490)).toEqual(data.subarray(510));
      expect(await s.read(900, 200)).toEqual(data.subarray(400, 600));
      await s.close();
    });

    it('reads unwritten ranges as zeros, also right after written ones', async () => {
      const s = await options.create(layoutFiles([['x', 4096], ['y', 4096]]));
      expect(await s.read(0, 8192)).toEqual(new Uint8Array(8192));
      await s.write(100, new Uint8Array(50).fill(7));
      const back = await s.read(0, 8192);
      const expected = new Uint8Array(8192);
      expected.fill(7, 100, 150);
      expect(back).toEqual(expected);
      await s.close();
    });

    it('drops writes to BEP 47 pad files and reads them as zeros', async () => {
      const files = layoutFiles([['a', 300], ['.pad/724', 724, true], ['b', 1024]]);
      const s = await options.create(files);
      const data = new Uint8Array(2048).fill(0xab);
      await s.write(0, data);
      const back = await s.read(0, 2048);
      expect(back.subarray(0, 300).every((b) => b === 0xab)).toBe(true);
      expect(back.subarray(300, 1024).every((b) => b === 0)).toBe(true);
      expect(back.subarray(1024).every((b) => b === 0xab)).toBe(true);
      await s.close();
    });

    it('handles pure-v2 layouts with gaps between piece-aligned files (BEP 52)', async () => {
      const files: StorageFile[] = [
        { path: ['a'], length: 100, offset: 0 },
        { path: ['b'], length: 50, offset: 16384 },
      ];
      const s = await options.create(files);
      await s.write(0, new Uint8Array(100).fill(1));
      await s.write(16384, new Uint8Array(50).fill(2));
      const back = await s.read(0, 16384 + 50);
      expect(back.subarray(0, 100).every((b) => b === 1)).toBe(true);
      expect(back.subarray(100, 16384).every((b) => b === 0)).toBe(true);
      expect(back.subarray(16384).every((b) => b === 2)).toBe(true);
      await s.close();
    });

    it('skips zero-length files', async () => {
      const s = await options.create(layoutFiles([['a', 10], ['empty', 0], ['b', 10]]));
      const data = randomBytes(3, 20);
      await s.write(0, data);
      expect(await s.read(0, 20)).toEqual(data);
      await s.close();
    });

    it('keeps many files apart under random writes (open-handle limits must not lose data)', async () => {
      const specs: Array<[string, number]> = [];
      for (let i = 0; i < 24; i++) specs.push([`many/f${String(i).padStart(2, '0')}`, 1000 + i * 37]);
      const files = layoutFiles(specs);
      const total = files.reduce((n, f) => n + f.length, 0);
      const s = await options.create(files);
      const rnd = createRandom(4);
      // Disjoint random ranges written concurrently in shuffled order: the outcome must not
      // depend on which write lands first.
      const cuts = new Set<number>([0, total]);
      while (cuts.size < 121) cuts.add(Math.floor(rnd() * total));
      const sorted = [...cuts].sort((a, b) => a - b);
      const ranges = sorted.slice(1).map((end, i) => [sorted[i]!, end] as const);
      ranges.sort(() => rnd() - 0.5);
      const expected = new Uint8Array(total);
      const writes: Promise<void>[] = [];
      for (const [i, [from, to]] of ranges.entries()) {
        if (i % 3 === 0) continue; // leave some ranges unwritten: they must read as zeros
        const chunk = fillPattern(i, from, new Uint8Array(to - from));
        expected.set(chunk, from);
        writes.push(s.write(from, chunk));
        if (writes.length === 8) await Promise.all(writes.splice(0));
      }
      await Promise.all(writes);
      await s.flush();
      const reads = [];
      for (const f of files) reads.push(s.read(f.offset, f.length));
      const back = await Promise.all(reads);
      files.forEach((f, i) => expect(back[i]).toEqual(expected.subarray(f.offset, f.offset + f.length)));
      await s.close();
    });

    it('matches a flat model on random layouts with gaps, pads and empty files', async () => {
      for (let round = 0; round < 8; round++) {
        const rnd = createRandom(100 + round);
        const files: StorageFile[] = [];
        let offset = 0;
        const count = 1 + Math.floor(rnd() * 7);
        for (let i = 0; i < count; i++) {
          offset += rnd() < 0.3 ? Math.floor(rnd() * 500) : 0; // a v2-style gap
          const length = rnd() < 0.15 ? 0 : Math.floor(rnd() * 5000);
          const pad = rnd() < 0.25 && length > 0;
          files.push({ path: [`r${round}`, pad ? `.pad-${i}` : `file-${i}`], length, offset, ...(pad ? { pad: true } : {}) });
          offset += length;
        }
        const total = offset;
        const real = (pos: number): boolean => files.some((f) => !f.pad && pos >= f.offset && pos < f.offset + f.length);
        const model = new Uint8Array(total);
        const s = await options.create(files);
        for (let w = 0; w < 12 && total > 0; w++) {
          const from = Math.floor(rnd() * total);
          const data = fillPattern(round * 100 + w, from, new Uint8Array(Math.floor(rnd() * (total - from))));
          await s.write(from, data);
          for (let k = 0; k < data.length; k++) if (real(from + k)) model[from + k] = data[k]!;
        }
        expect(await s.read(0, total)).toEqual(model);
        const from = Math.floor(rnd() * total);
        const len = Math.floor(rnd() * (total - from));
        expect(await s.read(from, len)).toEqual(model.subarray(from, from + len));
        await s.close();
      }
    });

    it('refuses ranges outside the byte space with STORAGE_OUT_OF_RANGE', async () => {
      const s = await options.create(layoutFiles([['a', 10]]));
      await expect(s.read(5, 6)).rejects.toMatchObject({ code: 'STORAGE_OUT_OF_RANGE' });
      await expect(s.write(-1, new Uint8Array(2))).rejects.toMatchObject({ code: 'STORAGE_OUT_OF_RANGE' });
      await expect(s.write(9, new Uint8Array(2))).rejects.toMatchObject({ code: 'STORAGE_OUT_OF_RANGE' });
      expect(await s.read(10, 0)).toEqual(new Uint8Array(0));
      await s.close();
    });

    it('refuses overlapping files with STORAGE_BAD_LAYOUT', async () => {
      const files: StorageFile[] = [
        { path: ['a'], length: 10, offset: 0 },
        { path: ['b'], length: 10, offset: 5 },
      ];
      await expect(options.create(files)).rejects.toMatchObject({ code: 'STORAGE_BAD_LAYOUT' });
    });

    it('rejects use after close with STORAGE_CLOSED', async () => {
      const s = await options.create(layoutFiles([['a', 10]]));
      await s.write(0, new Uint8Array(10).fill(1));
      await s.flush();
      await s.close();
      await expect(s.read(0, 1)).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
      await expect(s.write(0, new Uint8Array(1))).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
    });
  });
}
