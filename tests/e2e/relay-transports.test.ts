/**
 * @module e2e/relay-transports.test — `seedling seed/get` over the relay's transports: WebRTC
 * only (signaling through the relay's WebSocket tracker), the relay tunnel only, the automatic
 * tunnel fallback when WebRTC cannot connect (`SEEDLING_WEBRTC_DROP_REMOTE_CANDIDATES=1`), and
 * one seeder serving a TCP and a WebRTC downloader at once from the same swarm.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, sha256File, startRelay, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { CLI, kill, killAll, start, waitForEvent, withTimeout, type Proc } from './helpers/processes.js';

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

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  return start(process.execPath, [CLI, ...args, '--bind', '127.0.0.1', '--json'], { env });
}

/** A random file of `bytes`, its SHA-256, and a seeder for it with `args`. */
async function seeder(bytes: number, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ proc: Proc; magnet: string; sha: string; dir: string }> {
  const dir = await tempDir();
  await writeRandomFiles(dir, { 'data.bin': bytes });
  const file = join(dir, 'data.bin');
  const proc = cli(['seed', file, '--relay', relay.url, ...args], env);
  const ready = await waitForEvent(proc, 'ready', 60_000);
  return { proc, magnet: ready.magnet as string, sha: await sha256File(file), dir };
}

async function download(magnet: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ proc: Proc; code: number | string; out: string }> {
  const out = join(await tempDir(), 'out');
  const proc = cli(['get', magnet, '-o', out, '--relay', relay.url, ...args], env);
  const code = await withTimeout(proc.exited, timeoutMs, `seedling get ${args.join(' ')}`);
  return { proc, code, out };
}

const kinds = (p: Proc): string[] => p.events.filter((e) => e.event === 'peer').map((e) => e.transport as string);

describe('seed/get over the relay transports', () => {
  it('CLI ⇄ CLI over WebRTC only: 64 MiB byte-identical (SHA-256)', async () => {
    const s = await seeder(64 * 1024 * 1024, ['--transport', 'webrtc']);
    const g = await download(s.magnet, ['--transport', 'webrtc'], {}, 120_000);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(new Set(kinds(g.proc))).toEqual(new Set(['webrtc']));
    expect(new Set(kinds(s.proc))).toEqual(new Set(['webrtc']));
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  }, 150_000);

  it('CLI ⇄ CLI over the relay tunnel only', async () => {
    const s = await seeder(4 * 1024 * 1024, ['--transport', 'tunnel']);
    const g = await download(s.magnet, ['--transport', 'tunnel']);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(new Set(kinds(g.proc))).toEqual(new Set(['tunnel']));
    expect(new Set(kinds(s.proc))).toEqual(new Set(['tunnel']));
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  });

  it('falls back to the tunnel when WebRTC cannot connect', async () => {
    const env = { SEEDLING_WEBRTC_DROP_REMOTE_CANDIDATES: '1' };
    const both = ['--transport', 'webrtc', '--transport', 'tunnel'];
    const s = await seeder(4 * 1024 * 1024, both, env);
    const g = await download(s.magnet, both, env);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(new Set(kinds(g.proc))).toEqual(new Set(['tunnel']));
    // WebRTC was tried (offers answered through the tracker) and failed before the fallback.
    expect(g.proc.events.some((e) => e.event === 'warning' && String(e.message).startsWith('webrtc:'))).toBe(true);
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  });

  it('one seeder serves a TCP and a WebRTC downloader at once', async () => {
    const s = await seeder(8 * 1024 * 1024, []);
    const [tcp, webrtc] = await Promise.all([download(s.magnet, ['--transport', 'tcp']), download(s.magnet, ['--transport', 'webrtc'])]);
    expect(tcp.code, tcp.proc.stderr).toBe(0);
    expect(webrtc.code, webrtc.proc.stderr).toBe(0);
    expect(await sha256File(join(tcp.out, 'data.bin'))).toBe(s.sha);
    expect(await sha256File(join(webrtc.out, 'data.bin'))).toBe(s.sha);
    expect(new Set(kinds(tcp.proc))).toEqual(new Set(['tcp']));
    expect(new Set(kinds(webrtc.proc))).toEqual(new Set(['webrtc']));
    expect(new Set(kinds(s.proc))).toEqual(new Set(['tcp', 'webrtc']));
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  });

  it('refuses --transport webrtc without a relay (exit 2)', async () => {
    const dir = await tempDir();
    await writeRandomFiles(dir, { 'x.bin': 1000 });
    const p = start(process.execPath, [CLI, 'seed', join(dir, 'x.bin'), '--transport', 'webrtc', '--json']);
    expect(await withTimeout(p.exited, 30_000, 'seed without relay')).toBe(2);
    expect(p.stderr).toMatch(/needs a relay/);
  });
});
