/**
 * @module e2e/relay-magnet.test — the magnet and share link `seedling seed/create --relay` print
 * name the relay's HTTP tracker and its WebSocket tracker (the only kind a browser WebTorrent
 * client can use), HTTP first; and that magnet still works where no WebSocket tracker is
 * spoken: `seedling get` without `--relay` (TCP through the HTTP tracker), aria2 1.36 and
 * libtorrent 2 (announcing to every tracker), from the magnet and from a .torrent whose
 * announce-list holds the `ws://` URL. Real relay, real
 * processes, 127.0.0.1 only; outputs compared by SHA-256.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, sha256File, startRelay, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { freePort, hasCommand } from './helpers/ports.js';
import { ARIA_QUIET, hasLibtorrent, LT_CLIENT, PYTHON } from './helpers/reference-clients.js';
import { kill, killAll, runSeedling, seedling, start, waitForEvent, waitUntil, withTimeout, type Proc } from './helpers/processes.js';

let relay: { proc: Proc; url: string };
let httpTracker: string;
let wsTracker: string;

beforeAll(async () => {
  relay = await startRelay();
  httpTracker = `${relay.url}/announce`;
  wsTracker = `${relay.url.replace(/^http:/, 'ws:')}/announce`;
});

afterEach(async () => {
  await killAll([relay.proc]);
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

/** The `tr=` values of a magnet, in order. */
function trackersOf(magnet: string): string[] {
  return new URLSearchParams(magnet.slice('magnet:?'.length)).getAll('tr');
}

/** A random 3 MB file and its SHA-256. */
async function payload(): Promise<{ file: string; sha: string }> {
  const dir = await tempDir();
  await writeRandomFiles(dir, { 'data.bin': 3_000_000 });
  const file = join(dir, 'data.bin');
  return { file, sha: await sha256File(file) };
}

/** `seedling seed <file> --relay <relay> --json …`, once it says `ready`. */
async function seed(file: string, args: string[] = []): Promise<{ proc: Proc; magnet: string; shareLink: unknown }> {
  const proc = seedling(['seed', file, '--relay', relay.url, '--bind', '127.0.0.1', '--json', ...args]);
  const ready = await waitForEvent(proc, 'ready', 60_000);
  return { proc, magnet: ready.magnet as string, shareLink: ready.shareLink };
}

describe('magnets from --relay', () => {
  it('seed --json: the magnet lists the HTTP then the WebSocket tracker; shareLink is <relay>/#<magnet>', async () => {
    const { file } = await payload();
    const s = await seed(file);
    expect(trackersOf(s.magnet)).toEqual([httpTracker, wsTracker]);
    expect(s.shareLink).toBe(`${relay.url}/#${s.magnet}`);
    await kill(s.proc);
    expect(await s.proc.exited).toBe(0);
  });

  it('seed (human output): stdout is the magnet line, then the share link line', async () => {
    const { file } = await payload();
    const p = seedling(['seed', file, '--relay', relay.url, '--bind', '127.0.0.1']);
    const lines = await waitUntil(() => {
      if (p.child.exitCode !== null) throw new Error(`seed exited: ${p.stderr}`);
      const l = p.stdout.split('\n');
      return l.length >= 3 ? l.slice(0, 2) : undefined;
    }, 60_000, 'magnet and share link on stdout');
    const [magnet, share] = lines as [string, string];
    expect(magnet).toMatch(/^magnet:\?/);
    expect(trackersOf(magnet)).toEqual([httpTracker, wsTracker]);
    expect(share).toBe(`${relay.url}/#${magnet}`);
    await kill(p);
    expect(await p.exited).toBe(0);
  });

  it('seed --transport tcp: no WebRTC, so no WebSocket tracker in the magnet', async () => {
    const { file } = await payload();
    const s = await seed(file, ['--transport', 'tcp']);
    expect(trackersOf(s.magnet)).toEqual([httpTracker]);
  });

  it('seed --torrent without relay trackers: the magnet still gets both relay trackers', async () => {
    const { file } = await payload();
    const torrent = join(await tempDir(), 'data.torrent');
    const c = await runSeedling(['create', file, '-o', torrent, '--tracker', 'http://127.0.0.1:9/announce']);
    expect(c.code, c.stderr).toBe(0);
    const s = await seed(file, ['--torrent', torrent]);
    expect(trackersOf(s.magnet)).toEqual(['http://127.0.0.1:9/announce', httpTracker, wsTracker]);
  });

  it('create --relay: announce-list is [[http], [ws]]; JSON has the share link', async () => {
    const { file } = await payload();
    const torrent = join(await tempDir(), 'data.torrent');
    const c = await runSeedling(['create', file, '-o', torrent, '--relay', relay.url, '--json']);
    expect(c.code, c.stderr).toBe(0);
    const created = c.events.find((e) => e.event === 'created')!;
    expect(trackersOf(created.magnet as string)).toEqual([httpTracker, wsTracker]);
    expect(created.shareLink).toBe(`${relay.url}/#${created.magnet as string}`);
    const info = await runSeedling(['info', torrent, '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).announce).toEqual([httpTracker, wsTracker]);
  });

  it('seedling get <that magnet> without --relay finds the seeder through the HTTP tracker', async () => {
    const { file, sha } = await payload();
    const s = await seed(file);
    const out = join(await tempDir(), 'out');
    const got = await runSeedling(['get', s.magnet, '-o', out, '--bind', '127.0.0.1', '--json'], { timeoutMs: 60_000 });
    expect(got.code, got.stderr).toBe(0);
    expect(await sha256File(join(out, 'data.bin'))).toBe(sha);
    const peers = got.events.filter((e) => e.event === 'peer');
    expect(peers.length).toBeGreaterThan(0);
    for (const p of peers) expect(p.transport).toBe('tcp');
  });
});

describe.skipIf(!hasCommand('aria2c'))('aria2 1.36 with the relay WebSocket tracker listed', () => {
  async function aria(source: string, out: string): Promise<Proc> {
    const p = start('aria2c', [`--dir=${out}`, '--seed-time=0', `--listen-port=${await freePort()}`, '--file-allocation=none', '--bt-metadata-only=false', ...ARIA_QUIET, source]);
    const code = await withTimeout(p.exited, 75_000, 'aria2c download');
    expect(code, p.stdout + p.stderr).toBe(0);
    return p;
  }

  it('aria2c downloads from a seedling seeder given the seed magnet (v1)', async () => {
    const { file, sha } = await payload();
    const s = await seed(file, ['--v1']);
    expect(trackersOf(s.magnet)).toEqual([httpTracker, wsTracker]);
    const out = await tempDir();
    await aria(s.magnet, out);
    expect(await sha256File(join(out, 'data.bin'))).toBe(sha);
  });

  it('aria2c downloads from a .torrent made by create --relay (ws:// in announce-list)', async () => {
    const { file, sha } = await payload();
    const torrent = join(await tempDir(), 'data.torrent');
    const c = await runSeedling(['create', file, '-o', torrent, '--v1', '--relay', relay.url]);
    expect(c.code, c.stderr).toBe(0);
    const s = await seed(file, ['--torrent', torrent]);
    const out = await tempDir();
    await aria(torrent, out);
    expect(await sha256File(join(out, 'data.bin'))).toBe(sha);
    await kill(s.proc);
  });
});

describe.skipIf(!hasLibtorrent())('libtorrent 2 with the relay WebSocket tracker listed', () => {
  /** Run lt_client.py to completion; its `alert` events are the tracker errors it met. */
  async function libtorrent(source: string, out: string): Promise<Proc> {
    const p = start(PYTHON, [LT_CLIENT, source, out, String(await freePort()), 'download', '60']);
    const code = await withTimeout(p.exited, 75_000, 'libtorrent download');
    expect(code, p.stderr).toBe(0);
    expect(p.events.some((e) => e.event === 'done'), p.stdout.slice(-2000)).toBe(true);
    return p;
  }

  it('libtorrent downloads from a seedling seeder given the seed magnet (hybrid)', async () => {
    const { file, sha } = await payload();
    const s = await seed(file);
    expect(trackersOf(s.magnet)).toEqual([httpTracker, wsTracker]);
    const out = await tempDir();
    await libtorrent(s.magnet, out);
    expect(await sha256File(join(out, 'data.bin'))).toBe(sha);
  });

  it('libtorrent downloads from a .torrent made by create --relay (hybrid, ws:// in announce-list)', async () => {
    const { file, sha } = await payload();
    const torrent = join(await tempDir(), 'data.torrent');
    const c = await runSeedling(['create', file, '-o', torrent, '--relay', relay.url]);
    expect(c.code, c.stderr).toBe(0);
    await seed(file, ['--torrent', torrent]);
    const out = await tempDir();
    await libtorrent(torrent, out);
    expect(await sha256File(join(out, 'data.bin'))).toBe(sha);
  });
});
