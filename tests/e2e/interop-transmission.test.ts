/**
 * @module e2e/interop-transmission.test — Interop with Transmission 3.00 (v1 only): torrents made by seedling are read by
 * transmission-show with the same info-hash, name and files; torrents made by
 * transmission-create are read by `seedling info`; transmission-daemon downloads from a
 * seedling seeder through the relay's tracker. DHT, LPD, PEX, uTP and port mapping are off,
 * everything binds 127.0.0.1. Outputs are compared by SHA-256.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startRelay, tempDir, treeHashes, writeRandomFiles } from './helpers/fixtures.js';
import { freePort, hasCommand } from './helpers/ports.js';
import { kill, killAll, runSeedling, seedling, start, waitForEvent, waitUntil, type Proc } from './helpers/processes.js';

let relay: { proc: Proc; url: string };
let root: string;
let data: string;
let expected: Record<string, string>;

beforeAll(async () => {
  relay = await startRelay();
  root = await tempDir();
  data = join(root, 'album');
  await writeRandomFiles(data, { 'track1.bin': 1_500_000, 'track2.bin': 900_000, 'cover/front.jpg': 33_333 });
  expected = await treeHashes(data);
});

afterAll(async () => {
  await killAll();
  await removeTempDirs();
});

function show(torrent: string): { hash: string; name: string; files: string[] } {
  const text = execFileSync('transmission-show', [torrent], { encoding: 'utf8', timeout: 10_000 });
  const hash = /Hash: ([0-9a-f]{40})/.exec(text)?.[1] ?? '';
  const name = /Name: (.+)/.exec(text)?.[1]?.trim() ?? '';
  const files = text.split('FILES')[1]!.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.replace(/ \([^)]*\)$/, ''));
  return { hash, name, files };
}

describe.skipIf(!hasCommand('transmission-show'))('Transmission', () => {
  it('transmission-show reads a seedling v1 torrent: same info-hash, name and files', async () => {
    const torrent = join(root, 'album-v1.torrent');
    expect((await runSeedling(['create', data, '-o', torrent, '--v1', '--tracker', `${relay.url}/announce`])).code).toBe(0);
    const ours = JSON.parse((await runSeedling(['info', torrent, '--json'])).stdout) as { infoHashV1: string; name: string; files: { path: string }[] };
    const theirs = show(torrent);
    expect(theirs.hash).toBe(ours.infoHashV1);
    expect(theirs.name).toBe('album');
    expect(theirs.files.sort()).toEqual(ours.files.map((f) => f.path).sort());
  });

  it('seedling info reads a torrent made by transmission-create', async () => {
    const torrent = join(root, 'by-transmission.torrent');
    execFileSync('transmission-create', ['-o', torrent, '-t', `${relay.url}/announce`, '-s', '64', data], { timeout: 30_000, stdio: 'ignore' });
    const theirs = show(torrent);
    const r = await runSeedling(['info', torrent, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ours = JSON.parse(r.stdout) as { infoHashV1: string; name: string; pieceLength: number; files: { path: string; length: number }[]; announce: string[] };
    expect(ours.infoHashV1).toBe(theirs.hash);
    expect(ours.name).toBe(theirs.name);
    expect(ours.pieceLength).toBe(65536);
    expect(ours.announce).toEqual([`${relay.url}/announce`]);
    expect(ours.files.map((f) => f.path).sort()).toEqual(theirs.files.sort());
    // …and verifies the data against it.
    expect((await runSeedling(['verify', torrent, data])).code).toBe(0);
  });

  it.skipIf(!hasCommand('transmission-daemon'))('transmission-daemon downloads from a seedling seeder', async () => {
    const torrent = join(root, 'album-seed.torrent');
    expect((await runSeedling(['create', data, '-o', torrent, '--v1', '--piece-length', '65536', '--tracker', `${relay.url}/announce`])).code).toBe(0);
    const seeder = seedling(['seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
    await waitForEvent(seeder, 'ready');
    const cfg = await tempDir();
    const out = await tempDir();
    const rpc = await freePort();
    const settings = {
      'dht-enabled': false,
      'lpd-enabled': false,
      'pex-enabled': false,
      'utp-enabled': false,
      'port-forwarding-enabled': false,
      'bind-address-ipv4': '127.0.0.1',
      'bind-address-ipv6': '::1',
      'peer-port': await freePort(),
      'peer-port-random-on-start': false,
      'rpc-bind-address': '127.0.0.1',
      'rpc-port': rpc,
      'rpc-authentication-required': false,
      'download-dir': out,
      'incomplete-dir-enabled': false,
      'start-added-torrents': true,
      'message-level': 1,
    };
    await mkdir(cfg, { recursive: true });
    await writeFile(join(cfg, 'settings.json'), JSON.stringify(settings));
    const daemon = start('transmission-daemon', ['-f', '-g', cfg]);
    const remote = (...args: string[]): string => execFileSync('transmission-remote', [`127.0.0.1:${rpc}`, ...args], { encoding: 'utf8', timeout: 10_000 });
    await waitUntil(() => {
      try {
        remote('-l');
        return true;
      } catch {
        return false;
      }
    }, 15_000, 'transmission RPC');
    remote('-a', torrent, '-w', out);
    await waitUntil(() => /Percent Done: 100%/.test(remote('-t', '1', '-i')), 60_000, 'transmission to finish');
    expect(await treeHashes(join(out, 'album'))).toEqual(expected);
    await kill(daemon);
    await kill(seeder);
  });
});
