/**
 * Crafted torrents whose file names try to escape or confuse the output folder — `..`, absolute
 * paths, NUL and control characters, separators inside a component, duplicate paths (v1 files
 * and v2 file trees) — through `seedling info` and `seedling get`: exit 2 with a clear message,
 * and nothing written anywhere (the output folder's parent is checked before and after).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../e2e/helpers/fixtures.js';
import { bencode } from '../helpers/bencode.js';
import { killAll, runSeedling } from '../e2e/helpers/processes.js';

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

const v1 = (files: { length: number; path: string[] }[], name = 'evil'): Record<string, unknown> => ({
  info: { files, name, 'piece length': 16384, pieces: 'x'.repeat(20) },
});
const single = (name: string): Record<string, unknown> => ({ info: { length: 5, name, 'piece length': 16384, pieces: 'x'.repeat(20) } });

const CASES: [string, Record<string, unknown>, RegExp][] = [
  ['a `..` component', v1([{ length: 5, path: ['..', 'escaped.txt'] }]), /unsafe|\.\./i],
  ['a deep `..` escape', v1([{ length: 5, path: ['a', '..', '..', '..', 'escaped.txt'] }]), /unsafe|\.\./i],
  ['an absolute name', single('/tmp/seedling-absolute-escape.txt'), /unsafe|absolute|separator|\//i],
  ['an absolute path component', v1([{ length: 5, path: ['/etc', 'passwd'] }]), /unsafe|separator|\//i],
  ['a backslash separator', v1([{ length: 5, path: ['..\\..\\escaped.txt'] }]), /unsafe|separator|\\/i],
  ['a NUL in a name', v1([{ length: 5, path: ['a\u0000b.txt'] }]), /unsafe|NUL|control/i],
  ['a control character in a name', v1([{ length: 5, path: ['bell\u0007.txt'] }]), /unsafe|control/i],
  ['a newline in the torrent name', single('two\nlines.txt'), /unsafe|control/i],
  ['an empty component', v1([{ length: 5, path: ['a', '', 'b'] }]), /unsafe|empty/i],
  ['a `.` name', single('.'), /unsafe|\./i],
  ['duplicate file paths', v1([{ length: 5, path: ['same.txt'] }, { length: 5, path: ['same.txt'] }]), /duplicate/i],
  ['a file that is also a folder', v1([{ length: 5, path: ['a'] }, { length: 5, path: ['a', 'b'] }]), /duplicate|conflict|prefix|folder/i],
];

describe('unsafe torrents are refused', () => {
  for (const [what, torrent, message] of CASES) {
    it(`${what}: info and get exit 2, nothing is written`, async () => {
      const root = await tempDir('seedling-unsafe-');
      const file = join(root, 'evil.torrent');
      await writeFile(file, Buffer.from(bencode(torrent), 'latin1'));
      const parent = join(root, 'parent');
      await mkdir(parent);

      const info = await runSeedling(['info', file, '--json'], { timeoutMs: 20_000 });
      expect(info.code, info.stdout).toBe(2);
      expect(info.stderr).toMatch(message);

      const get = await runSeedling(['get', file, '-o', join(parent, 'dl'), '--transport', 'tcp'], { timeoutMs: 20_000 });
      expect(get.code, get.stderr).toBe(2);
      expect(get.stderr).toMatch(message);
      expect(get.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(await readdir(parent)).toEqual([]);
      expect((await readdir(root)).sort()).toEqual(['evil.torrent', 'parent']);
      expect(existsSync('/tmp/seedling-absolute-escape.txt')).toBe(false);
    });
  }
});
