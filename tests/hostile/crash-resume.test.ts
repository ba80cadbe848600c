/**
 * kill -9 at random moments of a download, 20 times, restarting each time: the final file is
 * exact and the bytes the seeder uploaded in total (its --json `uploaded` counter, which also
 * counts bytes lost in flight at each kill) stay below 1.1× the file size — a restart re-fetches
 * only what was not verified and written. The seeder is rate-capped so every kill lands
 * mid-download.
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { kill, killAll, seedling, waitForEvent, waitUntil, withTimeout } from '../e2e/helpers/processes.js';
import { sharedFile, startSeeder } from './helpers/swarm-fixture.js';

const KILLS = 20;

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

/** A small deterministic PRNG, so a failing sequence of kill delays can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

it(`${KILLS} kill -9 and restarts: exact file, total upload < 1.1× the size`, async () => {
  const s = await sharedFile(12 * 1024 * 1024, 16384);
  const seeder = await startSeeder(s, ['--up-rate', '512KB']);
  const out = join(s.root, 'out');
  const args = ['get', s.torrent, '-o', out, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${seeder.port}`];
  const rand = lcg(Number(process.env.CRASH_SEED ?? 42));
  // bytesValid of each run's resume check: what the previous kills left on disk, verified.
  const resumedAt: number[] = [];

  for (let i = 0; i < KILLS; i++) {
    const get = seedling(args);
    // Kill once connected to the seeder (bytes flow from then on), plus 0–400 ms.
    await waitForEvent(get, 'peer', 30_000);
    resumedAt.push(Number(get.events.find((e) => e.event === 'checked')?.bytesValid ?? NaN));
    await new Promise((r) => setTimeout(r, rand() * 400));
    process.kill(get.pid, 'SIGKILL');
    const code = await withTimeout(get.exited, 5000, `killed get #${i}`);
    expect(code, `get #${i} finished before its kill: the seeder is not slow enough`).toBe('SIGKILL');
  }

  const final = seedling(args);
  const code = await withTimeout(final.exited, 90_000, 'the final get');
  expect(code, final.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));

  // The seeder reports its counters once a second: wait for a report after the last transfer.
  const seen = seeder.proc.events.length;
  await waitUntil(() => seeder.proc.events.slice(seen).some((e) => e.event === 'progress'), 10_000, 'a seeder progress report');
  const uploaded = Math.max(...seeder.proc.events.filter((e) => e.event === 'progress').map((e) => Number(e.uploaded)));
  console.log(`crash: ${KILLS} kills; resume checks found [${resumedAt.map((b) => Math.round(b / 1024)).join(', ')}] KiB; seeder uploaded ${uploaded} for ${s.length} (${(uploaded / s.length).toFixed(3)}×)`);
  // Kills landed mid-download: the resumed amount grew across runs and stayed below the size.
  expect(resumedAt.every((b) => b >= 0 && b < s.length)).toBe(true);
  expect(resumedAt[KILLS - 1]!).toBeGreaterThan(resumedAt[0]!);
  expect(uploaded).toBeGreaterThanOrEqual(s.length);
  expect(uploaded).toBeLessThan(1.1 * s.length);
  await kill(seeder.proc);
});
