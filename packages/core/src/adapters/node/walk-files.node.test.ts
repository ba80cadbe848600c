import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePaths, walkFiles } from './walk-files.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'seedling-walk-'));
  dirs.push(d);
  return d;
};

describe('walkFiles', () => {
  it('sorts paths by component in UTF-8 byte order', () => {
    const paths = [['b'], ['a-b'], ['a', 'z'], ['é'], ['Z'], ['a', 'b', 'c']];
    // '/' never compares: ['a','z'] sorts before ['a-b'] because 'a' < 'a-b' as a component.
    expect([...paths].sort(comparePaths)).toEqual([['Z'], ['a', 'b', 'c'], ['a', 'z'], ['a-b'], ['b'], ['é']]);
  });

  it('lists a folder recursively with lengths, readable at offsets', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sub/deeper'), { recursive: true });
    await writeFile(join(root, 'b.txt'), 'bbbb');
    await writeFile(join(root, 'a.txt'), '0123456789');
    await writeFile(join(root, 'sub/deeper/c'), '');
    await writeFile(join(root, 'sub/x'), 'xyz');
    const files = await walkFiles(root);
    expect(files.map((f) => [f.path.join('/'), f.length])).toEqual([
      ['a.txt', 10],
      ['b.txt', 4],
      ['sub/deeper/c', 0],
      ['sub/x', 3],
    ]);
    expect(new TextDecoder().decode(await files[0]!.read(3, 4))).toBe('3456');
    expect(new TextDecoder().decode(await files[0]!.read(8, 100))).toBe('89');
    await writeFile(join(root, 'a.txt'), '0123'); // changed after the walk
    await expect(files[0]!.read(0, 10)).rejects.toMatchObject({ code: 'STORAGE_IO' });
  });

  it('lists a single file under its own name', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'movie.mkv'), 'data');
    const files = await walkFiles(join(root, 'movie.mkv'));
    expect(files.map((f) => [f.path, f.length])).toEqual([[['movie.mkv'], 4]]);
  });

  it('skips symlinks leading outside the root, dangling ones and folder links; keeps inside file links', async () => {
    const base = await tempDir();
    const root = join(base, 'share');
    await mkdir(join(root, 'd'), { recursive: true });
    await writeFile(join(base, 'secret'), 'outside');
    await writeFile(join(root, 'real'), 'inside');
    await symlink(join(base, 'secret'), join(root, 'escape'));
    await symlink(join(base, 'nothing'), join(root, 'dangling'));
    await symlink(join(root, 'd'), join(root, 'loop'));
    await symlink(join(root, 'real'), join(root, 'alias'));
    const files = await walkFiles(root);
    expect(files.map((f) => f.path.join('/'))).toEqual(['alias', 'real']);
    expect(new TextDecoder().decode(await files[0]!.read(0, 6))).toBe('inside');
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable folder as STORAGE_PERMISSION_DENIED', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'locked'));
    await chmod(join(root, 'locked'), 0o000);
    await expect(walkFiles(root)).rejects.toMatchObject({ code: 'STORAGE_PERMISSION_DENIED' });
    await chmod(join(root, 'locked'), 0o755);
  });

  it('throws a typed error for a missing path', async () => {
    await expect(walkFiles(join(await tempDir(), 'missing'))).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_NOT_FOUND' });
  });
});
