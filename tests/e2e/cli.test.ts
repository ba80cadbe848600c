/**
 * @module e2e/cli.test — The `seedling` command contract: create/info/verify, `--json` keys, exit codes (0 ok, 1 failed,
 * 2 bad usage or input), unsafe torrents refused without writing outside the output folder.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir, writeRandomFiles } from './helpers/fixtures.js';
import { killAll, runSeedling } from './helpers/processes.js';

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

/** Minimal canonical bencode for hand-made hostile torrents. */
function bencode(v: unknown): string {
  if (typeof v === 'number') return `i${v}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v, 'latin1')}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  const o = v as Record<string, unknown>;
  return `d${Object.keys(o).sort().map((k) => bencode(k) + bencode(o[k])).join('')}e`;
}

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
