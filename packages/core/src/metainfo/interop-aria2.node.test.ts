/**
 * aria2 1.36 (`aria2c -S`) as a v1-only reader: it reads our v1 torrents with our info-hash. For
 * v2/hybrid torrents it drops the empty `""` keys of the v2 `file tree` when it re-encodes the info
 * dict, so its v1 info-hash is wrong — the second test pins that down, so the apps know to hand
 * aria2 `--v1` torrents.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHasher } from '@seedling/hasher-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../bencode/bytes.js';
import { decode } from '../bencode/decode.js';
import { encode } from '../bencode/encode.js';
import type { BencodeValue } from '../bencode/types.js';
import type { Hasher } from '../hash/hasher.js';
import { createTorrent } from './create-torrent.js';
import { killAll, pathSource, run, writeTree } from './test-fixtures.node.js';

let hasher: Hasher;
let tmp: string;
beforeAll(async () => {
  hasher = await createHasher();
  tmp = mkdtempSync(join(tmpdir(), 'seedling-aria2-'));
  writeTree(join(tmp, 'set'), { 'a.bin': 50_000, 'sub/b.bin': 20_000, 'c.txt': 3 });
});
afterAll(() => {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
});

async function aria2Show(torrent: Uint8Array): Promise<{ hash: string; files: string[] }> {
  const path = join(tmp, `t-${Math.random().toString(36).slice(2)}.torrent`);
  writeFileSync(path, torrent);
  const out = await run('aria2c', ['-S', path]);
  const hash = /^Info Hash: ([0-9a-f]{40})$/m.exec(out)?.[1];
  if (!hash) throw new Error(`aria2c printed no info hash:\n${out}`);
  return { hash, files: [...out.matchAll(/^\s*\d+\|\.\/(.+)$/gm)].map((m) => m[1]!) };
}

/** The info dict as aria2 re-encodes it: every `""` key dropped. */
function withoutEmptyKeys(v: BencodeValue): BencodeValue {
  if (v instanceof Map) return new Map([...v].filter(([k]) => k !== '').map(([k, x]) => [k, withoutEmptyKeys(x)]));
  return Array.isArray(v) ? v.map(withoutEmptyKeys) : v;
}

describe('aria2c -S', () => {
  it('reads our v1 torrent with our info-hash and files', async () => {
    const { name, files } = pathSource(join(tmp, 'set'));
    const { torrent, metainfo } = await createTorrent(files, hasher, { version: 'v1', name, pieceLength: 16_384 });
    const shown = await aria2Show(torrent);
    expect(shown.hash).toBe(metainfo.infoHashV1Hex);
    expect(shown.files).toEqual(metainfo.files.map((f) => f.path.join('/')));
  });

  it('miscomputes the v1 info-hash of hybrid torrents (drops "" keys): give aria2 v1 torrents', async () => {
    const { name, files } = pathSource(join(tmp, 'set'));
    const { torrent, metainfo } = await createTorrent(files, hasher, { version: 'hybrid', name, pieceLength: 16_384 });
    const shown = await aria2Show(torrent);
    expect(shown.hash).not.toBe(metainfo.infoHashV1Hex);
    expect(shown.hash).toBe(bytesToHex(hasher.sha1(encode(withoutEmptyKeys(decode(metainfo.infoBytes))))));
    // It still lists the v1 view, pad files included.
    expect(shown.files).toEqual(metainfo.files.map((f) => f.path.join('/')));
  });
});
