/**
 * The filesystem under hostile conditions: symlinks in a folder being shared (never followed out
 * of it), a full disk (a 1 MiB tmpfs) and a read-only folder (a read-only tmpfs) under
 * `seedling get`: a clear error, a non-zero exit, no piece claimed that is not on disk
 * (`seedling verify` agrees with what get reported) and a clean resume elsewhere.
 */
import { copyFile, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, sha256File, tempDir, writeRandomFiles } from '../e2e/helpers/fixtures.js';
import { killAll, runSeedling } from '../e2e/helpers/processes.js';
import { sharedFile, startSeeder, type Shared } from './helpers/swarm-fixture.js';
import { canMount, mountTmpfs, unmount } from './helpers/tmpfs.js';

const mounts: string[] = [];

afterAll(async () => {
  await killAll();
  for (const m of mounts) unmount(m);
  await removeTempDirs();
});

describe('symlinks in a shared folder', () => {
  let root: string;
  let share: string;
  let torrent: string;

  beforeAll(async () => {
    root = await tempDir('seedling-links-');
    share = join(root, 'share');
    await writeRandomFiles(share, { 'a.bin': 32768, 'b.bin': 32768 });
    torrent = join(root, 'share.torrent');
    const c = await runSeedling(['create', share, '-o', torrent, '--v1', '--piece-length', '16384']);
    expect(c.code, c.stderr).toBe(0);
  });

  it('create lists only files inside the folder (links out of it and folder links are skipped)', async () => {
    const dir = join(root, 'mixed');
    const outside = await tempDir('seedling-outside-');
    await writeRandomFiles(dir, { 'real.bin': 1000 });
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(join(outside, 'secret.txt'), join(dir, 'abs-link.txt'));
    await writeFile(join(root, 'sibling-secret.txt'), 'secret');
    await symlink('../sibling-secret.txt', join(dir, 'rel-link.txt'));
    await symlink(outside, join(dir, 'dir-link'));
    await symlink('real.bin', join(dir, 'inside-link.bin'));
    const t = join(root, 'mixed.torrent');
    expect((await runSeedling(['create', dir, '-o', t, '--v1'])).code).toBe(0);
    const info = JSON.parse((await runSeedling(['info', t, '--json'])).stdout) as { files: { path: string }[] };
    expect(info.files.map((f) => f.path).sort()).toEqual(['mixed/inside-link.bin', 'mixed/real.bin']);
  });

  it('seed refuses a file that is a symlink leading out of the filesystem tree (exit 2)', async () => {
    const outside = await tempDir('seedling-outside-');
    await rename(join(share, 'b.bin'), join(outside, 'b.bin'));
    await symlink(join(outside, 'b.bin'), join(share, 'b.bin'));
    try {
      const r = await runSeedling(['seed', share, '--torrent', torrent, '--port', '0', '--transport', 'tcp', '--json'], { timeoutMs: 20_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/symlink leading outside.*STORAGE_UNSAFE_PATH/);
      expect(r.events.some((e) => e.event === 'ready')).toBe(false);
    } finally {
      await rm(join(share, 'b.bin'));
      await rename(join(outside, 'b.bin'), join(share, 'b.bin'));
    }
  });

  // Fixed bug: the storage root of `seed <folder>` was the folder's PARENT, so a symlink
  // `share/b.bin -> ../secret` was followed and `secret` served. Links are now confined to the
  // shared folder itself (apps/cli/src/lib/data-path.ts), as `create` does.
  it('seed does not follow a symlink out of the shared folder into its parent folder', async () => {
    const secret = join(root, 'secret.bin');
    await rename(join(share, 'b.bin'), secret);
    await symlink('../secret.bin', join(share, 'b.bin'));
    try {
      const r = await runSeedling(['seed', share, '--torrent', torrent, '--port', '0', '--transport', 'tcp', '--json'], { timeoutMs: 5_000 }).catch((e: Error) => ({ code: 'timeout', stderr: e.message, events: [] as Record<string, unknown>[] }));
      // A confined seeder either refuses (exit 2) or sees only a.bin's 2 pieces as valid.
      const checked = r.events.find((e) => e.event === 'checked');
      expect(r.code === 2 || (checked !== undefined && checked.piecesValid === 2)).toBe(true);
    } finally {
      await killAll();
      await rm(join(share, 'b.bin'));
      await rename(secret, join(share, 'b.bin'));
    }
  });
});

describe('full and read-only disks', () => {
  let s: Shared;
  let seederPort: number;
  let mountable = false;

  beforeAll(async () => {
    mountable = canMount(join(tmpdir(), `seedling-probe-${process.pid}`));
    s = await sharedFile(3 * 1024 * 1024, 65536);
    seederPort = (await startSeeder(s)).port;
  });

  // Fixed bug (intermittent, about 1 run in 8): main.ts `finish()` closed the hash pool BEFORE
  // printing the error and setting process.exitCode; a worker's terminate() that never resolved
  // let the event loop drain and `get` exit 0 with no message. The outcome is now reported first
  // and the pool close is bounded by a timeout.
  it('a full disk ends get with ENOSPC, exit 1, and verify agrees with the pieces get reported', async (ctx) => {
    if (!mountable) ctx.skip();
    const dir = join(s.root, 'full');
    mountTmpfs(dir, '1m');
    mounts.push(dir);
    const get = await runSeedling(['get', s.torrent, '-o', dir, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${seederPort}`], { timeoutMs: 60_000 });
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/no space|ENOSPC|disk.*full/i);
    expect(get.events.some((e) => e.event === 'done')).toBe(false);
    const reported = Math.max(0, ...get.events.filter((e) => e.event === 'progress').map((e) => e.piecesDone as number));
    const v = await runSeedling(['verify', s.torrent, join(dir, 'blob.bin'), '--json'], { timeoutMs: 30_000 });
    expect(v.code).toBe(1);
    const verified = v.events.find((e) => e.event === 'verified')!;
    console.log(`full disk: get said ${reported} pieces done; verify: ${JSON.stringify(verified)}; stderr: ${get.stderr.trim().split('\n').pop()}`);
    // Every piece get reported as verified is really on disk, intact.
    expect(verified.good as number).toBeGreaterThanOrEqual(reported);
    expect(verified.good as number).toBeLessThan(s.pieceCount);

    // Nothing on the full disk poisons a resume: moved to a roomy folder, get finishes it exactly.
    const roomy = join(s.root, 'roomy');
    await mkdir(roomy);
    await copyFile(join(dir, 'blob.bin'), join(roomy, 'blob.bin'));
    const again = await runSeedling(['get', s.torrent, '-o', roomy, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${seederPort}`], { timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(await sha256File(join(roomy, 'blob.bin'))).toBe(await sha256File(s.data));
  });

  it('a read-only folder ends get with a clear error and exit 1', async (ctx) => {
    if (!mountable) ctx.skip();
    const dir = join(s.root, 'ro');
    mountTmpfs(dir, '1m', true);
    mounts.push(dir);
    const get = await runSeedling(['get', s.torrent, '-o', dir, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${seederPort}`], { timeoutMs: 60_000 });
    console.log(`read-only: exit ${get.code}, stderr: ${get.stderr.trim()}; stdout: ${get.stdout.slice(-600)}`);
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/read-only|EROFS/i);
    expect(get.events.some((e) => e.event === 'done')).toBe(false);
  });
});
