/**
 * v2 and hybrid interop with python3-libtorrent 2.0.8, the reference for BEP 52 here: the same
 * files and piece length must give byte-identical info dicts (so identical v1 and v2
 * info-hashes and pad-file layout), and libtorrent must read our torrents the same way we do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../bencode/bytes.js';
import { createTorrent } from './create-torrent.js';
import { parseTorrent } from './parse-torrent.js';
import { createHasher } from '@seedling/hasher-wasm';
import type { Hasher } from '../hash/hasher.js';
import { killAll, pathSource, run, writeTree } from './test-fixtures.node.js';
import type { Metainfo, TorrentVersion } from './types.js';

const PY = '/usr/bin/python3';
const script = (name: string): string => join(import.meta.dirname, 'testdata', name);

interface LtInfo {
  v1: string | null;
  v2: string | null;
  name: string;
  num_pieces: number;
  piece_length: number;
  files: { path: string; size: number; offset: number; pad: boolean }[];
}

// The real injected hasher (wasm); wasm-hasher.node.test.ts cross-checks it against node:crypto.
let hasher: Hasher;
let tmp: string;
beforeAll(async () => {
  hasher = await createHasher();
  tmp = mkdtempSync(join(tmpdir(), 'seedling-lt-'));
  // Sizes around block (16 KiB) and piece boundaries, an empty file, nesting, non-ASCII names,
  // and "a" vs "a.txt" (tree order is per component, not per whole path).
  writeTree(join(tmp, 'multi'), {
    'a.txt': 100,
    'a/b.bin': 16384,
    'a/c/deep.bin': 16385,
    'b.bin': 40_000,
    'empty': 0,
    'exact.bin': 65536,
    'sub/c.bin': 70_000,
    'zé.bin': 131_073,
    'Z.bin': 1,
  });
  writeTree(tmp, { 'single.bin': 200_000, 'tiny.bin': 10 });
  // Edge layouts: an empty file last; every file an exact number of pieces (no pads at all).
  writeTree(join(tmp, 'tail-empty'), { 'a.bin': 1000, 'b.bin': 20_000, 'z': 0 });
  writeTree(join(tmp, 'aligned'), { 'a.bin': 32_768, 'b/c.bin': 16_384 });
});
afterAll(() => {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
});

async function ltCreate(path: string, pieceLength: number, mode: TorrentVersion): Promise<Metainfo> {
  const out = join(tmp, `lt-${mode}-${pieceLength}-${Math.random().toString(36).slice(2)}.torrent`);
  const hashes = JSON.parse(await run(PY, [script('lt_create.py'), path, String(pieceLength), mode, out])) as { v1: string | null; v2: string | null };
  const parsed = parseTorrent(readFileSync(out), hasher);
  // libtorrent and our parser agree on the info-hashes of libtorrent's own torrent.
  expect(parsed.infoHashV1Hex).toBe(hashes.v1);
  expect(parsed.infoHashV2Hex).toBe(hashes.v2);
  return parsed;
}

async function ltInfo(torrent: Uint8Array): Promise<LtInfo> {
  const path = join(tmp, `ours-${Math.random().toString(36).slice(2)}.torrent`);
  writeFileSync(path, torrent);
  return JSON.parse(await run(PY, [script('lt_info.py'), path])) as LtInfo;
}

function layout(meta: Metainfo): LtInfo['files'] {
  return meta.files.map((f) => ({ path: f.path.join('/'), size: f.length, offset: f.offset, pad: f.pad }));
}

const cases: [string, string, number, TorrentVersion][] = [
  ['multi-file hybrid, 16 KiB pieces', 'multi', 16384, 'hybrid'],
  ['multi-file hybrid, 64 KiB pieces', 'multi', 65536, 'hybrid'],
  ['multi-file v2, 16 KiB pieces', 'multi', 16384, 'v2'],
  ['multi-file v2, 32 KiB pieces', 'multi', 32768, 'v2'],
  ['single-file hybrid', 'single.bin', 16384, 'hybrid'],
  ['single-file v2', 'single.bin', 65536, 'v2'],
  ['tiny single-file hybrid (one short piece)', 'tiny.bin', 16384, 'hybrid'],
  ['hybrid with an empty last file', 'tail-empty', 16384, 'hybrid'],
  ['v2 with an empty last file', 'tail-empty', 16384, 'v2'],
  ['hybrid of piece-aligned files', 'aligned', 16384, 'hybrid'],
];

describe('libtorrent 2.0.8 interop (v2 / hybrid)', () => {
  it.each(cases)('%s: byte-identical info dict to libtorrent', async (_label, rel, pieceLength, version) => {
    const path = join(tmp, rel);
    const reference = await ltCreate(path, pieceLength, version);
    const { name, files } = pathSource(path);
    const ours = await createTorrent(files, hasher, { version, pieceLength, name, multiFile: !rel.endsWith('.bin') });
    expect(ours.metainfo.infoHashV1Hex).toBe(reference.infoHashV1Hex);
    expect(ours.metainfo.infoHashV2Hex).toBe(reference.infoHashV2Hex);
    expect(bytesToHex(ours.metainfo.infoBytes)).toBe(bytesToHex(reference.infoBytes));
    // Same pad files, offsets, piece layers.
    expect(layout(ours.metainfo)).toEqual(layout(reference));
    expect([...ours.metainfo.pieceLayers.entries()].map(([k, v]) => [k, bytesToHex(v)])).toEqual(
      [...reference.pieceLayers.entries()].map(([k, v]) => [k, bytesToHex(v)]),
    );
  });

  it.each(cases)('%s: libtorrent reads our torrent as we do', async (_label, rel, pieceLength, version) => {
    const { name, files } = pathSource(join(tmp, rel));
    const ours = await createTorrent(files, hasher, { version, pieceLength, name, multiFile: !rel.endsWith('.bin'), announce: ['http://127.0.0.1:1/announce'] });
    const lt = await ltInfo(ours.torrent);
    expect(lt.v1).toBe(ours.metainfo.infoHashV1Hex);
    expect(lt.v2).toBe(ours.metainfo.infoHashV2Hex);
    expect(lt.name).toBe(ours.metainfo.name);
    expect(lt.num_pieces).toBe(ours.metainfo.pieceCount);
    expect(lt.piece_length).toBe(ours.metainfo.pieceLength);
    if (version === 'hybrid') expect(lt.files).toEqual(layout(ours.metainfo));
    else expect(lt.files.filter((f) => !f.pad).map((f) => [f.path, f.size, f.offset])).toEqual(layout(ours.metainfo).map((f) => [f.path, f.size, f.offset]));
  });

  it('libtorrent accepts our hybrid without tail padding (padLastFile: false)', async () => {
    const { name, files } = pathSource(join(tmp, 'multi'));
    const ours = await createTorrent(files, hasher, { version: 'hybrid', pieceLength: 16384, name, padLastFile: false });
    const last = ours.metainfo.files[ours.metainfo.files.length - 1]!;
    expect(last.pad).toBe(false);
    const lt = await ltInfo(ours.torrent);
    expect(lt.v1).toBe(ours.metainfo.infoHashV1Hex);
    expect(lt.v2).toBe(ours.metainfo.infoHashV2Hex);
    expect(lt.num_pieces).toBe(ours.metainfo.pieceCount);
  });
});
