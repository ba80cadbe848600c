/**
 * @module e2e/cli.test — The `seedling` command contract: create/info/verify, `--json` keys, exit codes (0 ok, 1 failed,
 * 2 bad usage or input), unsafe torrents refused without writing outside the output folder; `get --timeout`/`--max-time`
 * against a real relay with no peers, `seed` saying `ready` only once it serves and has announced, and the help text.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bencode } from '../helpers/bencode.js';
import { removeTempDirs, startRelay, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { hasCommand } from './helpers/ports.js';
import { CLI, kill, killAll, runSeedling, seedling, start, waitForEvent, waitUntil, withTimeout, type Proc } from './helpers/processes.js';

let root: string;
let data: string;

beforeAll(async () => {
  root = await tempDir();
  data = join(root, 'stuff');
  await writeRandomFiles(data, { 'x.bin': 300_000, 'y/z.bin': 40_000 });
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

describe('seedling create / info / verify', () => {
  it('create writes a hybrid torrent by default; info --json has the contract keys', async () => {
    const torrent = join(root, 'stuff.torrent');
    const c = await runSeedling(['create', data, '-o', torrent, '--tracker', 'http://127.0.0.1:9/announce']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim()).toMatch(/^magnet:\?xt=urn:btih:[0-9a-f]{40}&xt=urn:btmh:1220[0-9a-f]{64}&dn=stuff/);
    const i = await runSeedling(['info', torrent, '--json']);
    expect(i.code).toBe(0);
    const info = JSON.parse(i.stdout) as Record<string, unknown>;
    for (const k of ['name', 'infoHashV1', 'infoHashV2', 'pieceLength', 'pieceCount', 'length', 'files', 'announce']) expect(info).toHaveProperty(k);
    expect(info.name).toBe('stuff');
    expect(info.length).toBe(340_000);
    expect(info.files).toEqual([
      { path: 'stuff/x.bin', length: 300_000 },
      { path: 'stuff/y/z.bin', length: 40_000 },
    ]);
    expect(info.announce).toEqual(['http://127.0.0.1:9/announce']);
    expect(c.stdout).toContain(info.infoHashV1 as string);
  });

  it('--v1 and --v2 leave the other hash null; a magnet is described too', async () => {
    const v1 = join(root, 'v1.torrent');
    const v2 = join(root, 'v2.torrent');
    expect((await runSeedling(['create', data, '-o', v1, '--v1'])).code).toBe(0);
    expect((await runSeedling(['create', data, '-o', v2, '--v2'])).code).toBe(0);
    const i1 = JSON.parse((await runSeedling(['info', v1, '--json'])).stdout) as Record<string, unknown>;
    const i2 = JSON.parse((await runSeedling(['info', v2, '--json'])).stdout) as Record<string, unknown>;
    expect(i1.infoHashV1).toMatch(/^[0-9a-f]{40}$/);
    expect(i1.infoHashV2).toBeNull();
    expect(i2.infoHashV1).toBeNull();
    expect(i2.infoHashV2).toMatch(/^[0-9a-f]{64}$/);
    const m = JSON.parse((await runSeedling(['info', `magnet:?xt=urn:btih:${i1.infoHashV1 as string}&dn=stuff`, '--json'])).stdout) as Record<string, unknown>;
    expect(m.infoHashV1).toBe(i1.infoHashV1);
    expect(m.name).toBe('stuff');
  });

  it('verify exits 0 on intact data and 1 after a byte changes', async () => {
    const torrent = join(root, 'verify.torrent');
    expect((await runSeedling(['create', data, '-o', torrent, '--piece-length', '16384'])).code).toBe(0);
    expect((await runSeedling(['verify', torrent, data])).code).toBe(0);
    const file = join(data, 'y', 'z.bin');
    const bytes = await readFile(file);
    bytes[20_000]! ^= 0xff; // one flipped bit pattern → its piece fails
    await writeFile(file, bytes);
    const bad = await runSeedling(['verify', torrent, data]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/1 bad/);
    bytes[20_000]! ^= 0xff;
    await writeFile(file, bytes);
  });

  it('bad usage and bad input exit 2 with a message on stderr', async () => {
    const garbage = join(root, 'garbage.torrent');
    await writeFile(garbage, 'this is not bencode');
    const g = await runSeedling(['info', garbage]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/not a valid torrent/);
    expect((await runSeedling(['info', 'magnet:?dn=nohash'])).code).toBe(2);
    expect((await runSeedling(['create', data, '--v1', '--v2'])).code).toBe(2);
    expect((await runSeedling(['create', data, '--piece-length', 'lots'])).code).toBe(2);
    expect((await runSeedling(['frobnicate'])).code).toBe(2);
    expect((await runSeedling(['get', garbage, '--down-rate', 'fast'])).code).toBe(2);
    const t = await runSeedling(['get', join(root, 'stuff.torrent'), '--transport', 'carrier-pigeon']);
    expect(t.code).toBe(2);
    const w = await runSeedling(['get', join(root, 'stuff.torrent'), '--transport', 'webrtc', '-o', join(root, 'w')]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/webrtc needs a relay/); // no --relay, no share link
  });

  it('a torrent with a path escaping the folder is refused (exit 2) and nothing is written', async () => {
    const evil = join(root, 'evil.torrent');
    const info = { files: [{ length: 5, path: ['..', 'escaped.txt'] }], name: 'evil', 'piece length': 16384, pieces: 'x'.repeat(20) };
    await writeFile(evil, Buffer.from(bencode({ info }), 'latin1'));
    const out = await tempDir();
    const r = await runSeedling(['get', evil, '-o', join(out, 'dl')]);
    expect(r.code).toBe(2);
    expect(await readdir(out)).toEqual([]);
    expect((await runSeedling(['info', evil])).code).toBe(2);
  });
});

/** The first 68 bytes a BitTorrent peer at 127.0.0.1:`port` answers to our handshake for `infoHashHex` (BEP 3). */
function peerHandshake(port: number, infoHashHex: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no handshake from 127.0.0.1:${port}`));
    }, 10_000);
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.once('connect', () => {
      const hs = Buffer.alloc(68);
      hs[0] = 19;
      hs.write('BitTorrent protocol', 1, 'latin1');
      Buffer.from(infoHashHex, 'hex').copy(hs, 28);
      hs.write('-XX0001-cli-e2e-test', 48, 'latin1');
      sock.write(hs);
    });
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 68) {
        clearTimeout(timer);
        sock.destroy();
        resolve(got.subarray(0, 68));
      }
    });
  });
}

/** An HTTP tracker that answers every announce (no peers) only after `delayMs`, logging when it answered. */
async function slowTracker(delayMs: number): Promise<{ server: Server; url: string; answered: { event: string | null; at: number }[] }> {
  const answered: { event: string | null; at: number }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const event = new URL(req.url ?? '/', 'http://x').searchParams.get('event');
    setTimeout(() => {
      res.end('d8:intervali60e5:peers0:e');
      answered.push({ event, at: Date.now() });
    }, delayMs);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/announce`, answered };
}

describe('seedling get gives up when nobody serves the torrent', () => {
  let relay: { proc: Proc; url: string };
  let lonely: string;

  beforeAll(async () => {
    relay = await startRelay();
    const dir = await tempDir();
    await writeRandomFiles(dir, { 'lonely.bin': 200_000 });
    lonely = join(dir, 'lonely.torrent');
    // The only tracker is a real relay that knows no peer for this torrent.
    const c = await runSeedling(['create', join(dir, 'lonely.bin'), '-o', lonely, '--tracker', `${relay.url}/announce`]);
    expect(c.code, c.stderr).toBe(0);
  });

  afterAll(async () => {
    await kill(relay.proc);
  });

  it('--timeout 2s --json exits 1 with a message on stderr and only JSON lines on stdout', async () => {
    const out = await tempDir();
    const r = await runSeedling(['get', lonely, '-o', out, '--bind', '127.0.0.1', '--json', '--timeout', '2s'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/seedling: no progress for --timeout 2s: no peers found, 0\/\d+ pieces verified/);
    expect(r.events.some((e) => e.event === 'done')).toBe(false);
    for (const line of r.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('--max-time bounds the whole run; a bad duration is a usage error (exit 2)', async () => {
    const out = await tempDir();
    const r = await runSeedling(['get', lonely, '-o', out, '--bind', '127.0.0.1', '--max-time', '1.5s'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/gave up after --max-time 1\.5s: no peers found/);
    for (const bad of ['soon', '0s', '-3s', '5 parsecs', '1x']) {
      const u = await runSeedling(['get', lonely, '-o', out, '--timeout', bad]);
      expect(u.code, bad).toBe(2);
      expect(u.stderr).toMatch(/duration/);
    }
  });

  it('human mode prints a periodic "no peers yet" hint on stderr while waiting', async () => {
    const out = await tempDir();
    // The hint comes every 10 s without peers; 11 s without progress then ends the run.
    const r = await runSeedling(['get', lonely, '-o', out, '--bind', '127.0.0.1', '--timeout', '11s'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/seedling: no peers yet after 1\ds; giving up after 11s without progress/);
    expect(r.stderr).toMatch(/no progress for --timeout 11s/);
    expect(r.stdout).toBe('');
  });

  // The progress bar only runs on a TTY: util-linux `script` gives the process a pseudo-terminal.
  it.skipIf(!hasCommand('script'))('the progress bar on a TTY shows ETA — while nothing arrives, never NaN/Infinity debris like "NFs"', async () => {
    const out = await tempDir();
    const cmd = [process.execPath, CLI, 'get', lonely, '-o', out, '--bind', '127.0.0.1', '--timeout', '4s'].map((a) => `'${a}'`).join(' ');
    const p = start('script', ['-qec', cmd, '/dev/null']);
    expect(await withTimeout(p.exited, 60_000, 'get under script')).toBe(1);
    const screen = p.stdout.replace(/\r/g, '\n');
    expect(screen).toMatch(/0 peers \| ETA —/);
    expect(screen).not.toMatch(/ETA (NF|LL|NaN|Inf)/);
    expect(screen).toMatch(/no progress for --timeout 4s/);
  });
});

describe('seedling seed says ready only when it can serve', () => {
  it('ready follows the first tracker answer, the port completes a BitTorrent handshake, and done never comes before ready', async () => {
    const dir = await tempDir();
    await writeRandomFiles(dir, { 'served.bin': 300_000 });
    const tracker = await slowTracker(1500);
    try {
      const torrent = join(dir, 'served.torrent');
      expect((await runSeedling(['create', join(dir, 'served.bin'), '-o', torrent, '--v1', '--tracker', tracker.url])).code).toBe(0);
      const info = JSON.parse((await runSeedling(['info', torrent, '--json'])).stdout) as { infoHashV1: string };
      const proc = seedling(['seed', join(dir, 'served.bin'), '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
      const ready = await waitForEvent(proc, 'ready', 60_000);
      const seenAt = Date.now();
      // The tracker answered the `started` announce before the seeder said ready.
      const started = tracker.answered.find((a) => a.event === 'started');
      expect(started, 'ready came before the tracker answered').toBeDefined();
      expect(started!.at).toBeLessThanOrEqual(seenAt);
      expect(ready.announced).toBe(1);
      // Nothing before `ready` says the seeder is done.
      const order = proc.events.map((e) => e.event);
      expect(order.indexOf('ready')).toBeGreaterThanOrEqual(0);
      expect(order.slice(0, order.indexOf('ready'))).not.toContain('done');
      for (const k of ['magnet', 'shareLink', 'port', 'infoHashV1', 'infoHashV2', 'name']) expect(ready).toHaveProperty(k);
      // The advertised port accepts a connection and answers as a peer of this torrent.
      const hs = await peerHandshake(ready.port as number, info.infoHashV1);
      expect(hs.subarray(1, 20).toString('latin1')).toBe('BitTorrent protocol');
      expect(hs.subarray(28, 48).toString('hex')).toBe(info.infoHashV1);
      // `done` (complete) may follow `ready`; then a clean stop on SIGTERM.
      await waitUntil(() => proc.events.some((e) => e.event === 'done'), 10_000, 'done after ready');
      expect(proc.events.findIndex((e) => e.event === 'done')).toBeGreaterThan(proc.events.findIndex((e) => e.event === 'ready'));
      process.kill(proc.pid, 'SIGTERM');
      expect(await withTimeout(proc.exited, 15_000, 'seed exit')).toBe(0);
    } finally {
      await new Promise<void>((res) => tracker.server.close(() => res()));
      tracker.server.closeAllConnections();
    }
  });
});

describe('seedling --help', () => {
  const shared = ['--relay', '--tracker', '--peer', '--port', '--bind', '--transport', '--up-rate', '--down-rate', '--json'];
  it('get --help lists every flag', async () => {
    const r = await runSeedling(['get', '--help']);
    expect(r.code).toBe(0);
    for (const f of [...shared, '--output', '--seed', '--timeout', '--max-time']) expect(r.stdout, f).toContain(f);
  });
  it('seed --help lists every flag', async () => {
    const r = await runSeedling(['seed', '--help']);
    expect(r.code).toBe(0);
    for (const f of [...shared, '--torrent', '--v1', '--v2']) expect(r.stdout, f).toContain(f);
  });
});
