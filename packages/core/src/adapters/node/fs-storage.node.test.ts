import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStorageSuite, layoutFiles } from '../../testing/storage-suite.js';
import { createFileStorage } from './fs-storage.js';
import { toStorageError } from './fs-errors.js';
import { createHandlePool } from './handle-pool.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'seedling-fs-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

runStorageSuite({
  name: 'file (maxOpenFiles=2)',
  create: async (files) => createFileStorage({ root: join(await tempDir(), 'root'), maxOpenFiles: 2 })(files),
});

describe('file storage', () => {
  it('writes real files at the right places, spanning three files, never creating pads', async () => {
    const root = await tempDir();
    const files = layoutFiles([['t/a.txt', 5], ['t/.pad/3', 3, true], ['t/sub/b.txt', 4], ['t/c.txt', 6]]);
    const s = await createFileStorage({ root })(files);
    await s.write(0, new TextEncoder().encode('helloPADabcdefghij'));
    await s.flush();
    await s.close();
    expect(await readFile(join(root, 't/a.txt'), 'utf8')).toBe('hello');
    expect(await readFile(join(root, 't/sub/b.txt'), 'utf8')).toBe('abcd');
    expect(await readFile(join(root, 't/c.txt'), 'utf8')).toBe('efghij');
    await expect(stat(join(root, 't/.pad'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('readInto overwrites a reused buffer: data across files, zeros past a short file and for a missing one', async () => {
    const root = await tempDir();
    const files = layoutFiles([['t/a.bin', 4], ['t/b.bin', 4], ['t/c.bin', 4]]);
    const s = await createFileStorage({ root })(files);
    await s.write(0, new Uint8Array([1, 2, 3, 4, 5, 6]));
    const buf = new Uint8Array(12).fill(0xee); // stale bytes from an earlier use
    await s.readInto!(0, buf);
    expect([...buf]).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0]);
    buf.fill(0xee);
    await s.readInto!(2, buf.subarray(0, 4));
    expect([...buf.subarray(0, 5)]).toEqual([3, 4, 5, 6, 0xee]);
    await s.close();
    // A BEP 47 pad file has no bytes on disk: it reads as zeros into a reused buffer too.
    const padded = await createFileStorage({ root: await tempDir() })(layoutFiles([['t/a.bin', 2], ['t/.pad/2', 2, true], ['t/b.bin', 2]]));
    await padded.write(0, new Uint8Array([1, 2, 0, 0, 3, 4]));
    const six = new Uint8Array(6).fill(0xee);
    await padded.readInto!(0, six);
    expect([...six]).toEqual([1, 2, 0, 0, 3, 4]);
    await padded.close();
  });

  it('creates files lazily and zero-length files on flush', async () => {
    const root = await tempDir();
    const s = await createFileStorage({ root })(layoutFiles([['d/a', 10], ['d/empty', 0], ['d/b', 10]]));
    await s.write(12, new Uint8Array([1, 2]));
    expect((await readdir(join(root, 'd'))).sort()).toEqual(['b']);
    await s.flush();
    expect((await readdir(join(root, 'd'))).sort()).toEqual(['b', 'empty']);
    expect(await s.read(0, 20)).toEqual(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0]));
    await s.close();
  });

  it('resumes: data written by one storage is read by the next', async () => {
    const root = await tempDir();
    const files = layoutFiles([['r/a', 1000], ['r/b', 1000]]);
    const s1 = await createFileStorage({ root })(files);
    const data = new Uint8Array(1500).map((_, i) => i % 251);
    await s1.write(250, data);
    await s1.close();
    const s2 = await createFileStorage({ root, maxOpenFiles: 1 })(files);
    expect(await s2.read(250, 1500)).toEqual(data);
    await s2.close();
  });

  it.each([
    [['..', 'evil']],
    [['a', '..', '..', 'evil']],
    [['/etc', 'passwd']],
    [['a/b']],
    [['']],
    [[]],
  ])('refuses the unsafe path %j with STORAGE_UNSAFE_PATH', async (path) => {
    const root = await tempDir();
    await expect(createFileStorage({ root: join(root, 'in') })([{ path, length: 10, offset: 0 }])).rejects.toMatchObject({
      code: 'STORAGE_UNSAFE_PATH',
      name: 'StorageError',
    });
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses two files with the same path with STORAGE_BAD_LAYOUT', async () => {
    const root = await tempDir();
    await expect(createFileStorage({ root })(layoutFiles([['d/a', 1], ['d/a', 1]]))).rejects.toMatchObject({ code: 'STORAGE_BAD_LAYOUT' });
  });

  it('refuses to write or read through a symlinked folder that leads outside the root', async () => {
    const base = await tempDir();
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    await mkdir(root);
    await mkdir(outside);
    await writeFile(join(outside, 'secret'), 'top secret');
    await symlink(outside, join(root, 'link'));
    const s = await createFileStorage({ root })(layoutFiles([['link/x', 10], ['link/secret', 10]]));
    await expect(s.write(0, new Uint8Array(10).fill(1))).rejects.toMatchObject({ code: 'STORAGE_UNSAFE_PATH' });
    await expect(s.read(10, 10)).rejects.toMatchObject({ code: 'STORAGE_UNSAFE_PATH' });
    expect(await readdir(outside)).toEqual(['secret']);
    await s.close();
  });

  it('refuses a file symlink (also a dangling one) leading outside the root', async () => {
    const base = await tempDir();
    const root = join(base, 'root');
    await mkdir(root);
    await symlink(join(base, 'target-that-does-not-exist'), join(root, 'dangling'));
    await writeFile(join(base, 'victim'), 'keep me');
    await symlink(join(base, 'victim'), join(root, 'file'));
    const s = await createFileStorage({ root })(layoutFiles([['dangling', 4], ['file', 4]]));
    await expect(s.write(0, new Uint8Array(4))).rejects.toMatchObject({ code: 'STORAGE_UNSAFE_PATH' });
    await expect(s.write(4, new Uint8Array(4))).rejects.toMatchObject({ code: 'STORAGE_UNSAFE_PATH' });
    expect(await readFile(join(base, 'victim'), 'utf8')).toBe('keep me');
    expect(await readdir(base)).toEqual(['root', 'victim']);
    await s.close();
  });

  it('follows a symlink that stays inside the root', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'real'));
    await symlink(join(root, 'real'), join(root, 'alias'));
    const s = await createFileStorage({ root })(layoutFiles([['alias/f', 3]]));
    await s.write(0, Uint8Array.from([7, 8, 9]));
    await s.close();
    expect([...(await readFile(join(root, 'real/f')))]).toEqual([7, 8, 9]);
  });

  it('reports a path conflict (a file where a folder must be) as STORAGE_PATH_CONFLICT', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'd'), 'i am a file');
    const s = await createFileStorage({ root })(layoutFiles([['d/x', 3]]));
    await expect(s.write(0, new Uint8Array(3))).rejects.toMatchObject({ code: 'STORAGE_PATH_CONFLICT' });
    await s.close();
  });

  it.skipIf(process.getuid?.() === 0)('reports a read-only folder as STORAGE_READ_ONLY', async () => {
    const root = await tempDir();
    await chmod(root, 0o555);
    const s = await createFileStorage({ root })(layoutFiles([['x', 3]]));
    await expect(s.write(0, new Uint8Array(3))).rejects.toMatchObject({ code: 'STORAGE_READ_ONLY' });
    await chmod(root, 0o755);
  });

  it('maps a real ENOSPC (writing /dev/full) to STORAGE_NO_SPACE with the cause kept', async () => {
    const err = await writeFile('/dev/full', 'x').then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOSPC' });
    const mapped = toStorageError(err, '/dev/full');
    expect(mapped).toMatchObject({ code: 'STORAGE_NO_SPACE', name: 'StorageError' });
    expect(mapped.cause).toBe(err);
  });

  it('keeps at most maxOpenFiles handles open', async () => {
    const root = await tempDir();
    for (let i = 0; i < 6; i++) await writeFile(join(root, `f${i}`), `file ${i}`);
    let peak = 0;
    const pool = createHandlePool(2, (i) => open(join(root, `f${i}`), 'r'));
    const reads = [];
    for (let r = 0; r < 30; r++) {
      const i = r % 6;
      reads.push(
        pool.use(i, false, async (h) => {
          peak = Math.max(peak, pool.openCount);
          const b = new Uint8Array(6);
          await h.read(b, 0, 6, 0);
          return new TextDecoder().decode(b);
        }),
      );
    }
    const got = await Promise.all(reads);
    expect(got).toEqual(Array.from({ length: 30 }, (_, r) => `file ${r % 6}`));
    expect(peak).toBeLessThanOrEqual(2);
    await pool.closeAll();
    expect(pool.openCount).toBe(0);
  });
});
