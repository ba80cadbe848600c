/**
 * @module e2e/relay-transports.test — `seedling seed/get` over the relay's transports: WebRTC
 * only (signaling through the relay's WebSocket tracker), the relay tunnel only, the automatic
 * tunnel fallback when WebRTC cannot connect (`SEEDLING_WEBRTC_DROP_REMOTE_CANDIDATES=1`), and
 * one seeder serving a TCP and a WebRTC downloader at once from the same swarm.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { CLI, kill, start, withTimeout } from './helpers/processes.js';
import { downloadViaRelay, peerTransports, startRelaySeeder } from './helpers/relay-cli.js';
import { useSharedRelay } from './helpers/shared-relay.js';

const relay = useSharedRelay();

const seeder = (bytes: number, args: string[], env: NodeJS.ProcessEnv = {}) => startRelaySeeder(relay.url, bytes, args, env);
const download = (magnet: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000) => downloadViaRelay(relay.url, magnet, args, env, timeoutMs);

describe('seed/get over the relay transports', () => {
  it('CLI ⇄ CLI over WebRTC only: 64 MiB byte-identical (SHA-256)', async () => {
    const s = await seeder(64 * 1024 * 1024, ['--transport', 'webrtc']);
    const g = await download(s.magnet, ['--transport', 'webrtc'], {}, 120_000);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(peerTransports(g.proc)).toEqual(new Set(['webrtc']));
    expect(peerTransports(s.proc)).toEqual(new Set(['webrtc']));
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  }, 150_000);

  it('CLI ⇄ CLI over the relay tunnel only', async () => {
    const s = await seeder(4 * 1024 * 1024, ['--transport', 'tunnel']);
    const g = await download(s.magnet, ['--transport', 'tunnel']);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(peerTransports(g.proc)).toEqual(new Set(['tunnel']));
    expect(peerTransports(s.proc)).toEqual(new Set(['tunnel']));
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
    expect(peerTransports(g.proc)).toEqual(new Set(['tunnel']));
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
    expect(peerTransports(tcp.proc)).toEqual(new Set(['tcp']));
    expect(peerTransports(webrtc.proc)).toEqual(new Set(['webrtc']));
    expect(peerTransports(s.proc)).toEqual(new Set(['tcp', 'webrtc']));
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
