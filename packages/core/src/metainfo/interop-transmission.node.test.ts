/**
 * v1 interop with Transmission 3.00 and mktorrent 1.1: their torrents parse to the info-hash,
 * name, files and piece count transmission-show prints, and transmission-show reads ours alike.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTorrent } from './create-torrent.js';
import { parseTorrent } from './parse-torrent.js';
import { createHasher } from '@seedling/hasher-wasm';
import type { Hasher } from '../hash/hasher.js';
import { killAll, pathSource, run, writeTree } from './test-fixtures.node.js';
import type { Metainfo } from './types.js';

interface Shown {
  hash: string;
  name: string;
  pieceCount: number;
  privateFlag: boolean;
  trackers: string[];
  files: string[];
}

/** Parses transmission-show's text output. */
async function show(torrentPath: string): Promise<Shown> {
  const out = await run('transmission-show', [torrentPath]);
  const field = (label: string): string => {
    const m = new RegExp(`^  ${label}: (.*)$`, 'm').exec(out);
    if (!m) throw new Error(`transmission-show printed no ${label}:\n${out}`);
    return m[1]!;
  };
  const section = (title: string): string[] => {
    const start = out.indexOf(`\n${title}\n`);
    if (start < 0) return [];
    const rest = out.slice(start + title.length + 2);
    const end = rest.search(/\n[A-Z]+\n/);
    return (end < 0 ? rest : rest.slice(0, end)).split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  };
  return {
    hash: field('Hash'),
    name: field('Name'),
    pieceCount: Number(field('Piece Count')),
    privateFlag: field('Privacy') === 'Private torrent',
    trackers: section('TRACKERS').filter((l) => !l.startsWith('Tier #')),
    files: section('FILES').map((l) => l.replace(/ \([^()]*\)$/, '')).sort(),
  };
}

const realFiles = (m: Metainfo): string[] => m.files.filter((f) => !f.pad && f.length > 0).map((f) => f.path.join('/')).sort();

// The real injected hasher (wasm); wasm-hasher.node.test.ts cross-checks it against node:crypto.
let hasher: Hasher;
let tmp: string;
beforeAll(async () => {
  hasher = await createHasher();
  tmp = mkdtempSync(join(tmpdir(), 'seedling-tr-'));
  writeTree(join(tmp, 'album'), { '01 intro.bin': 33_000, 'cd2/02 song.bin': 100_000, 'cover.bin': 1, 'notes/é.txt': 16_384 });
  writeTree(tmp, { 'movie.bin': 300_001 });
});
afterAll(() => {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
});

const creators: [string, (src: string, out: string) => Promise<unknown>][] = [
  ['transmission-create', (src, out) => run('transmission-create', ['-o', out, '-s', '32', '-t', 'http://127.0.0.1:1/announce', src])],
  ['mktorrent', (src, out) => run('mktorrent', ['-l', '15', '-a', 'http://127.0.0.1:1/announce', '-o', out, src])],
];

describe('torrents made by reference v1 creators', () => {
  for (const [creator, make] of creators) {
    it.each(['album', 'movie.bin'])(`${creator}: %s parses like transmission-show reads it`, async (rel) => {
      const out = join(tmp, `${creator}-${rel}.torrent`);
      await make(join(tmp, rel), out);
      const shown = await show(out);
      const meta = parseTorrent(readFileSync(out), hasher);
      expect(meta.version).toBe('v1');
      expect(meta.infoHashV1Hex).toBe(shown.hash);
      expect(meta.name).toBe(shown.name);
      expect(meta.pieceCount).toBe(shown.pieceCount);
      expect(realFiles(meta)).toEqual(shown.files);
      expect(meta.announce).toEqual(['http://127.0.0.1:1/announce']);
      expect(meta.pieceLength).toBe(32768);
    });
  }
});

describe('v1 torrents we create, read by transmission-show', () => {
  it.each(['album', 'movie.bin'])('%s', async (rel) => {
    const { name, files } = pathSource(join(tmp, rel));
    const { torrent, metainfo } = await createTorrent(files, hasher, {
      version: 'v1',
      name,
      pieceLength: 16384,
      announce: ['http://127.0.0.1:1/announce', 'udp://127.0.0.1:2'],
      private: true,
      comment: 'interop',
    });
    const out = join(tmp, `ours-${rel}.torrent`);
    writeFileSync(out, torrent);
    const shown = await show(out);
    expect(shown.hash).toBe(metainfo.infoHashV1Hex);
    expect(shown.name).toBe(metainfo.name);
    expect(shown.files).toEqual(realFiles(metainfo));
    expect(shown.pieceCount).toBe(metainfo.pieceCount);
    expect(shown.privateFlag).toBe(true);
    expect(shown.trackers).toEqual(['http://127.0.0.1:1/announce', 'udp://127.0.0.1:2']);
  });

  it('matches the info-hash mktorrent gives the same file and piece size', async () => {
    // (transmission-create adds `private: 0` to the info dict, so its hash differs by design.)
    const out = join(tmp, 'mk-movie-32.torrent');
    await run('mktorrent', ['-l', '15', '-o', out, join(tmp, 'movie.bin')]);
    const theirs = parseTorrent(readFileSync(out), hasher);
    const { files } = pathSource(join(tmp, 'movie.bin'));
    const ours = await createTorrent(files, hasher, { version: 'v1', pieceLength: 32768 });
    expect(ours.metainfo.infoHashV1Hex).toBe(theirs.infoHashV1Hex);
  });
});
