import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8Text } from '../bencode/bytes.js';
import { decode } from '../bencode/decode.js';
import type { BencodeDict } from '../bencode/types.js';
import type { HashPool } from '../hash/hasher.js';
import { createTorrent, type CreateTorrentOptions } from './create-torrent.js';
import { MetainfoError } from './errors.js';
import { autoPieceLength } from './file-layout.js';
import { referenceHasher as hasher } from './test-hasher.node.js';
import { memorySource } from './test-fixtures.node.js';
import type { SourceFile } from './file-layout.js';

const PL = 16384;
const sha = (alg: 'sha1' | 'sha256', ...parts: Uint8Array[]): Uint8Array => {
  const h = createHash(alg);
  parts.forEach((p) => h.update(p));
  return new Uint8Array(h.digest());
};
const data = (n: number, seed: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 31 + seed * 17 + (i >> 8)) & 255);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};

/** Naive v1 pieces: SHA-1 of every pieceLength slice of the byte space. */
function naivePieces(space: Uint8Array, pieceLength: number): string {
  const out: string[] = [];
  for (let i = 0; i < space.length; i += pieceLength) out.push(bytesToHex(sha('sha1', space.subarray(i, i + pieceLength))));
  return out.join('');
}

/** Reduces hashes pairwise with SHA-256 after zero-padding them to `width` (a power of two). */
function reduce(hashes: Uint8Array[], width: number): Uint8Array {
  let level = [...hashes];
  while (level.length < width) level.push(new Uint8Array(32));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha('sha256', level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** Naive BEP 52: all 16 KiB leaves of the file; root over them, layer = per-piece subtree roots. */
function naiveTree(file: Uint8Array, pieceLength: number): { root: Uint8Array; layer: Uint8Array } {
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < file.length; i += 16384) leaves.push(sha('sha256', file.subarray(i, i + 16384)));
  let width = 1;
  while (width < leaves.length) width *= 2;
  const perPiece = pieceLength / 16384;
  const layer: Uint8Array[] = [];
  for (let i = 0; i < leaves.length; i += perPiece) layer.push(reduce(leaves.slice(i, i + perPiece), perPiece));
  return { root: reduce(leaves, width), layer: concat(...layer) };
}

async function make(files: SourceFile[], options: CreateTorrentOptions): Promise<{ torrent: BencodeDict; info: BencodeDict; meta: Awaited<ReturnType<typeof createTorrent>>['metainfo'] }> {
  const created = await createTorrent(files, hasher, { pieceLength: PL, creationDate: null, ...options });
  const torrent = decode(created.torrent) as BencodeDict;
  return { torrent, info: torrent.get('info') as BencodeDict, meta: created.metainfo };
}

describe('createTorrent v1', () => {
  it('single file: `length` form, pieces = SHA-1 of each piece', async () => {
    const d = data(50_000, 1);
    const { info, meta } = await make([memorySource(['movie.bin'], d)], { version: 'v1', name: 'renamed.bin' });
    expect(info.get('length')).toBe(50_000);
    expect(info.has('files')).toBe(false);
    expect(info.has('meta version')).toBe(false);
    expect(utf8Text(info.get('name') as Uint8Array)).toBe('renamed.bin');
    expect(bytesToHex(info.get('pieces') as Uint8Array)).toBe(naivePieces(d, PL));
    expect(meta.files).toEqual([{ path: ['renamed.bin'], length: 50_000, offset: 0, pad: false, attr: '', piecesRoot: null }]);
    expect(meta.infoHashV1Hex).toBe(bytesToHex(sha('sha1', meta.infoBytes)));
  });

  it('multi file: `files` form in path order, pieces spanning file boundaries', async () => {
    const a = data(10_000, 2);
    const b = data(30_000, 3);
    const c = data(0, 4);
    const { info, meta } = await make([memorySource(['dir', 'b'], b), memorySource(['dir', 'a'], a), memorySource(['dir', 'c'], c)], { version: 'v1' });
    expect(meta.name).toBe('dir');
    expect(meta.files.map((f) => [f.path.join('/'), f.offset])).toEqual([['dir/a', 0], ['dir/b', 10_000], ['dir/c', 40_000]]);
    expect(bytesToHex(info.get('pieces') as Uint8Array)).toBe(naivePieces(concat(a, b), PL));
    expect(meta.pieceCount).toBe(3);
  });
});

describe('createTorrent v2 and hybrid', () => {
  const sizes = [100, 16_384, 40_000, 0, 65_536 + 1];
  const contents = sizes.map((n, i) => data(n, 10 + i));
  const sources = (): SourceFile[] => contents.map((d, i) => memorySource([`f${i}`], d));

  it('v2: pieces roots and piece layers match a naive merkle tree', async () => {
    for (const pieceLength of [16_384, 32_768]) {
      const { torrent, info, meta } = await make(sources(), { version: 'v2', name: 'v2', pieceLength });
      expect(info.get('meta version')).toBe(2);
      expect(info.has('pieces')).toBe(false);
      const layers = torrent.get('piece layers') as BencodeDict;
      contents.forEach((d, i) => {
        const file = meta.files[i]!;
        expect(file.offset % pieceLength).toBe(0);
        if (d.length === 0) return expect(file.piecesRoot).toBeNull();
        const naive = naiveTree(d, pieceLength);
        expect(bytesToHex(file.piecesRoot!)).toBe(bytesToHex(naive.root));
        const layer = layers.get(String.fromCharCode(...naive.root)) as Uint8Array | undefined;
        if (d.length > pieceLength) expect(bytesToHex(layer!)).toBe(bytesToHex(naive.layer));
        else expect(layer).toBeUndefined();
      });
    }
  });

  it('hybrid: pad files after every file not ending on a piece boundary, v1 pieces over the padded space', async () => {
    const { info, meta } = await make(sources(), { version: 'hybrid', name: 'h' });
    const files = (info.get('files') as BencodeDict[]).map((f) => [
      (f.get('path') as Uint8Array[]).map((p) => utf8Text(p)).join('/'),
      f.get('length'),
      f.has('attr') ? utf8Text(f.get('attr') as Uint8Array) : '',
    ]);
    expect(files).toEqual([
      ['f0', 100, ''],
      ['.pad/16284', 16_284, 'p'],
      ['f1', 16_384, ''],
      ['f2', 40_000, ''],
      ['.pad/9152', 9152, 'p'],
      ['f3', 0, ''],
      ['f4', 65_537, ''],
      ['.pad/16383', 16_383, 'p'],
    ]);
    const zeros = (n: number): Uint8Array => new Uint8Array(n);
    const space = concat(contents[0]!, zeros(16_284), contents[1]!, contents[2]!, zeros(9152), contents[4]!, zeros(16_383));
    expect(bytesToHex(info.get('pieces') as Uint8Array)).toBe(naivePieces(space, PL));
    expect(meta.spaceLength).toBe(space.length);
    expect(meta.files.filter((f) => !f.pad && f.length > 0).every((f) => f.offset % PL === 0)).toBe(true);
    const v2 = await make(sources(), { version: 'v2', name: 'h' });
    expect(meta.files.filter((f) => !f.pad).map((f) => bytesToHex(f.piecesRoot ?? new Uint8Array(0)))).toEqual(
      v2.meta.files.map((f) => bytesToHex(f.piecesRoot ?? new Uint8Array(0))),
    );
  });

  it('hybrid without tail padding ends with the last file and a short last piece', async () => {
    const { info, meta } = await make(sources(), { version: 'hybrid', name: 'h', padLastFile: false });
    const last = (info.get('files') as BencodeDict[]).at(-1)!;
    expect(last.has('attr')).toBe(false);
    expect(meta.spaceLength).toBe(16_384 + 16_384 + 49_152 + 65_537);
  });
});

describe('createTorrent options and failures', () => {
  const one = (): SourceFile[] => [memorySource(['a.bin'], data(40_000, 7))];

  it('is reproducible with creationDate: null and writes the requested outer fields', async () => {
    const opts: CreateTorrentOptions = { announce: ['http://t1/a', ['http://t2/a', 'http://t3/a', 'http://t1/a'], ''], urlList: ['https://ws/'], comment: 'hi', private: true, creationDate: null };
    const x = await createTorrent(one(), hasher, opts);
    const y = await createTorrent(one(), hasher, opts);
    expect(bytesToHex(x.torrent)).toBe(bytesToHex(y.torrent));
    const t = decode(x.torrent) as BencodeDict;
    expect(t.has('creation date')).toBe(false);
    expect(utf8Text(t.get('created by') as Uint8Array)).toBe('Seedling/0.1.0');
    expect(x.metainfo.announceTiers).toEqual([['http://t1/a'], ['http://t2/a', 'http://t3/a']]);
    expect(x.metainfo.urlList).toEqual(['https://ws/']);
    expect(x.metainfo.private).toBe(true);
    expect(x.metainfo.comment).toBe('hi');
    expect(x.metainfo.version).toBe('hybrid');
    const dated = await createTorrent(one(), hasher, { creationDate: new Date(1_700_000_000_000) });
    expect(dated.metainfo.creationDate).toBe(1_700_000_000);
  });

  it('picks ~size/1500 as a power of two within 16 KiB..16 MiB', () => {
    expect(autoPieceLength(1)).toBe(16_384);
    expect(autoPieceLength(1500 * 16_384)).toBe(16_384);
    expect(autoPieceLength(1500 * 16_384 + 1)).toBe(32_768);
    expect(autoPieceLength(1024 ** 3)).toBe(1024 * 1024);
    expect(autoPieceLength(2 ** 50)).toBe(16 * 1024 * 1024);
  });

  it('reports progress up to the total and stops on abort', async () => {
    const seen: number[] = [];
    const files = [memorySource(['a'], data(100_000, 1)), memorySource(['b'], data(50_000, 2))];
    await createTorrent(files, hasher, { name: 'p', onProgress: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(150_000);
    expect(seen).toEqual([...seen].sort((p, q) => p - q));
    const controller = new AbortController();
    const slow: SourceFile = { path: ['x'], length: 200_000, read: async (o, l) => (o >= 32_768 && controller.abort(), data(l, 3)) };
    await expect(createTorrent([slow], hasher, { signal: controller.signal })).rejects.toMatchObject({ name: 'MetainfoError', code: 'METAINFO_ABORTED' });
  });

  it.each<[string, SourceFile[], CreateTorrentOptions, string]>([
    ['no files', [], {}, 'METAINFO_INVALID_SOURCE'],
    ['no data', [memorySource(['a'], new Uint8Array(0))], {}, 'METAINFO_EMPTY'],
    ['unsafe path', [memorySource(['..', 'a'], data(5, 1))], { name: 'x' }, 'METAINFO_UNSAFE_PATH'],
    ['unsafe name', [memorySource(['a'], data(5, 1))], { name: '../x' }, 'METAINFO_UNSAFE_PATH'],
    ['duplicate paths', [memorySource(['d', 'a'], data(5, 1)), memorySource(['d', 'A'], data(5, 1))], {}, 'METAINFO_DUPLICATE_PATH'],
    ['no name for several roots', [memorySource(['a'], data(5, 1)), memorySource(['b'], data(5, 1))], {}, 'METAINFO_INVALID_SOURCE'],
    ['piece length not a power of two', [memorySource(['a'], data(5, 1))], { pieceLength: 20_000 }, 'METAINFO_INVALID_PIECE_LENGTH'],
    ['piece length below 16 KiB', [memorySource(['a'], data(5, 1))], { pieceLength: 8192 }, 'METAINFO_INVALID_PIECE_LENGTH'],
    ['short read', [{ path: ['a'], length: 10, read: async () => new Uint8Array(3) }], {}, 'METAINFO_INVALID_SOURCE'],
  ])('refuses %s', async (_label, files, options, code) => {
    await expect(createTorrent(files, hasher, options)).rejects.toSatisfy((err: unknown) => err instanceof MetainfoError && err.code === code);
  });

  it('gives the same result through a HashPool whose jobs finish out of order', async () => {
    let active = 0;
    let peak = 0;
    const later = async <T>(value: () => T): Promise<T> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      active--;
      return value();
    };
    // An in-process pool over the reference hasher (random delays reorder completions).
    const pool: HashPool = {
      size: 3,
      hashPieces: (d, pl, alg) => later(() => hasher.hashPieces(d.slice(), pl, alg)),
      merkleRoot: (d, min) => later(() => hasher.merkleRoot(d.slice(), min)),
      destroy: async () => {},
    };
    const files = [memorySource(['a'], data(300_000, 1)), memorySource(['b'], data(70_000, 2))];
    for (const version of ['v1', 'v2', 'hybrid'] as const) {
      const plain = await createTorrent(files, hasher, { name: 'p', version, creationDate: null });
      const pooled = await createTorrent(files, hasher, { name: 'p', version, creationDate: null, pool });
      expect(bytesToHex(pooled.torrent)).toBe(bytesToHex(plain.torrent));
    }
    expect(peak).toBeGreaterThan(1);
    // At most 2 jobs per worker in flight, each with up to two calls (v1 + v2 of a hybrid piece).
    expect(peak).toBeLessThanOrEqual(2 * 3 * 2);
  });
});
