/**
 * @module e2e/resume.test — kill -9 in the middle of a download, restart, and only the missing pieces are fetched: the
 * restarted run finds the verified pieces on disk (`checked`), and its downloaded-bytes counter
 * covers only the rest.
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, startRelay, tempDir, treeHashes, writeRandomFiles } from './helpers/fixtures.js';
import { killAll, runSeedling, seedling, waitForEvent, withTimeout } from './helpers/processes.js';

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

it('resumes after kill -9 and fetches only the missing pieces', async () => {
  const relay = await startRelay();
  const root = await tempDir();
  const data = join(root, 'big');
  await writeRandomFiles(data, { 'one.bin': 3_000_000, 'two.bin': 1_200_000 });
  const expected = await treeHashes(data);
  const torrent = join(root, 'big.torrent');
  expect((await runSeedling(['create', data, '-o', torrent, '--v1', '--piece-length', '65536', '--tracker', `${relay.url}/announce`])).code).toBe(0);
  const seeder = seedling(['seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
  await waitForEvent(seeder, 'ready');
  const out = join(root, 'out');

  // First run, throttled so it is still running when we kill it.
  const first = seedling(['get', torrent, '-o', out, '--bind', '127.0.0.1', '--json', '--down-rate', '1MB']);
  const mid = await waitForEvent(first, 'progress', 30_000, (e) => (e.verified as number) >= 1_000_000);
  expect(mid.verified as number).toBeLessThan(mid.length as number);
  process.kill(first.pid, 'SIGKILL');
  expect(await withTimeout(first.exited, 5000, 'killed downloader')).toBe('SIGKILL');

  // Second run: resumes.
  const second = await runSeedling(['get', torrent, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 60_000 });
  expect(second.code, second.stderr).toBe(0);
  const checked = second.events.find((e) => e.event === 'checked')!;
  const done = second.events.find((e) => e.event === 'done')!;
  const length = done.length as number;
  const resumed = done.resumed as number;
  expect(checked.bytesValid).toBe(resumed);
  expect(resumed).toBeGreaterThanOrEqual(mid.verified as number);
  expect(resumed).toBeLessThan(length);
  // Only what was missing came over the wire (endgame may duplicate a few blocks: allow one piece).
  expect(done.downloaded as number).toBeGreaterThanOrEqual(length - resumed);
  expect(done.downloaded as number).toBeLessThanOrEqual(length - resumed + 65536);
  expect(await treeHashes(join(out, 'big'))).toEqual(expected);
  void relay;
});
