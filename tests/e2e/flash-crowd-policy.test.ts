/**
 * @module e2e/flash-crowd-policy.test — swarm policy under an upload cap (issue 8, flash crowd):
 * one capped seeder and two capped `seedling get --seed` processes started at once, through the
 * real relay's tracker. The two getters must trade, so the seeder sends the file about once.
 * Until 2026-11-25 they fell into step (same pieces asked of the seeder, and the seeder's batched
 * sends went out in queue order) and the seeder sent 1.4-1.9 copies while they barely traded.
 * No timing assertion: bytes only (the machine is shared and loaded).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { runSeedling, seedling, waitForEvent, waitUntil, type Proc } from './helpers/processes.js';
import { useSharedRelay } from './helpers/shared-relay.js';

const SIZE = 96 * 1024 * 1024;
// As in the benchmark: at a lower cap or a smaller file the two rarely fell into step (32 MiB
// at 4 MB/s passed before the fix; 96 MiB at 20 MB/s failed 3 runs of 3: 1.27, 1.72 copies).
const RATE = '20MB'; // one copy in ~5 s at the cap
const relay = useSharedRelay();

/** The last `progress` event's `uploaded` of a process (bytes), or 0. */
function lastUploaded(p: Proc): number {
  const e = p.events.filter((x) => x.event === 'progress').at(-1);
  return typeof e?.uploaded === 'number' ? e.uploaded : 0;
}

describe('flash crowd policy: two getters and one capped seeder', () => {
  it('the getters trade and the seeder sends the file about once (at most 1.2 copies)', async () => {
    const dir = await tempDir();
    const data = join(dir, 'data.bin');
    await writeRandomFiles(dir, { 'data.bin': SIZE });
    const torrent = join(dir, 'data.torrent');
    const created = await runSeedling(['create', data, '-o', torrent, '--v1', '--piece-length', String(256 * 1024)]);
    expect(created.code, created.stderr).toBe(0);
    const seeder = seedling(['seed', data, '--torrent', torrent, '--relay', relay.url, '--bind', '127.0.0.1', '--json', '--up-rate', RATE]);
    await waitForEvent(seeder, 'ready', 30_000);
    const outs = [join(dir, 'g0'), join(dir, 'g1')];
    const getters = outs.map((out) => seedling(['get', torrent, '-o', out, '--relay', relay.url, '--bind', '127.0.0.1', '--json', '--seed', '--up-rate', RATE]));
    const dones = await Promise.all(getters.map((g) => waitForEvent(g, 'done', 80_000, (e) => typeof e.downloaded === 'number' && e.downloaded > 0)));
    // The seeder reports every second: wait for a report after both are done.
    const seen = seeder.events.length;
    await waitUntil(() => seeder.events.slice(seen).some((e) => e.event === 'progress'), 5000, 'a seeder progress event');
    const seederCopies = lastUploaded(seeder) / SIZE;
    const tradedCopies = dones.reduce((a, d) => a + (typeof d.uploaded === 'number' ? d.uploaded : 0), 0) / SIZE;
    // Two copies arrived in all: what the seeder did not send, the getters sent each other.
    expect(seederCopies, `seeder sent ${seederCopies.toFixed(2)} copies, getters ${tradedCopies.toFixed(2)}`).toBeLessThanOrEqual(1.2);
    expect(tradedCopies).toBeGreaterThanOrEqual(0.75);
    const want = await sha256File(data);
    for (const out of outs) expect(await sha256File(join(out, 'data.bin'))).toBe(want);
  });
});
