/**
 * @module test/lazy-webrtc — with TCP on (the default transports), `seed` and `get` offer WebRTC
 * only when the relay's tracker counts peers TCP did not connect (lib/offer-policy.ts): a swarm
 * of CLI peers on one host sends no offer at all, while a CLI peer still reaches a WebRTC-only
 * peer (as a browser tab is) in both directions. Real relay process, real CLI processes.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, sha256File, startRelay, tempDir, writeRandomFiles } from '../../../tests/e2e/helpers/fixtures.js';
import { CLI, kill, killAll, start, waitForEvent, withTimeout, type Proc } from '../../../tests/e2e/helpers/processes.js';

let relay: { proc: Proc; url: string };

beforeAll(async () => {
  relay = await startRelay();
});
afterEach(async () => {
  await killAll([relay.proc]);
});
afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

const cli = (args: string[]): Proc => start(process.execPath, [CLI, ...args, '--bind', '127.0.0.1', '--json']);
const kinds = (p: Proc): Set<string> => new Set(p.events.filter((e) => e.event === 'peer').map((e) => String(e.transport)));

/** The relay's counter of WebRTC offers forwarded (Prometheus text from /metrics). */
async function offersRelayed(): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const m = /^seedling_relay_offers_relayed_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!m) throw new Error('offers_relayed_total missing from /metrics');
  return Number(m[1]);
}

async function seeder(args: string[]): Promise<{ proc: Proc; magnet: string; sha: string }> {
  const dir = await tempDir();
  await writeRandomFiles(dir, { 'data.bin': 4 * 1024 * 1024 });
  const file = join(dir, 'data.bin');
  const proc = cli(['seed', file, '--relay', relay.url, ...args]);
  const ready = await waitForEvent(proc, 'ready', 60_000);
  return { proc, magnet: String(ready.magnet), sha: await sha256File(file) };
}

async function download(magnet: string, args: string[]): Promise<{ proc: Proc; code: number | string; out: string }> {
  const out = join(await tempDir(), 'out');
  const proc = cli(['get', magnet, '-o', out, '--relay', relay.url, ...args]);
  return { proc, code: await withTimeout(proc.exited, 60_000, `seedling get ${args.join(' ')}`), out };
}

describe('WebRTC offers with TCP on', () => {
  it('a swarm of CLI peers that reach each other over TCP sends no offer', async () => {
    const before = await offersRelayed();
    const s = await seeder([]);
    const gets = await Promise.all([download(s.magnet, []), download(s.magnet, [])]);
    for (const g of gets) {
      expect(g.code, g.proc.stderr).toBe(0);
      expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
      expect(kinds(g.proc)).toEqual(new Set(['tcp']));
    }
    expect(await offersRelayed()).toBe(before);
    await kill(s.proc);
  });

  it('a downloader starts offering to reach a WebRTC-only seeder (tracker counts a peer TCP did not connect)', async () => {
    const s = await seeder(['--transport', 'webrtc']);
    const before = await offersRelayed();
    const g = await download(s.magnet, []);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(kinds(g.proc)).toEqual(new Set(['webrtc']));
    expect(await offersRelayed()).toBeGreaterThan(before);
    await kill(s.proc);
  });

  it('a seeder answers a WebRTC-only downloader, loading WebRTC on its first offer', async () => {
    const s = await seeder([]);
    const g = await download(s.magnet, ['--transport', 'webrtc']);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(kinds(s.proc)).toEqual(new Set(['webrtc']));
    await kill(s.proc);
  });
});
