import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8Bytes } from '../bencode/bytes.js';
import { decode } from '../bencode/decode.js';
import { encode } from '../bencode/encode.js';
import type { BencodeDict, BencodeInput } from '../bencode/types.js';
import { createTorrent } from './create-torrent.js';
import { MetainfoError, type MetainfoErrorCode } from './errors.js';
import { parseTorrent, type ParseTorrentOptions } from './parse-torrent.js';
import { referenceHasher as hasher } from './test-hasher.node.js';
import { memorySource } from './test-fixtures.node.js';

const fixture = (name: string): Uint8Array => readFileSync(join(import.meta.dirname, 'testdata', name));

function codeOf(torrent: Uint8Array, options?: ParseTorrentOptions): MetainfoErrorCode | 'none' {
  try {
    parseTorrent(torrent, hasher, options);
    return 'none';
  } catch (err) {
    expect(err).toBeInstanceOf(MetainfoError);
    expect((err as MetainfoError).name).toBe('MetainfoError');
    return (err as MetainfoError).code;
  }
}

/** A structurally valid v1 torrent with `info` fields overridden (pieces need not match data). */
function v1(info: Record<string, BencodeInput | undefined>, outer: Record<string, BencodeInput> = {}): Uint8Array {
  const base: Record<string, BencodeInput | undefined> = { name: 'root', 'piece length': 16384, pieces: new Uint8Array(20), files: [{ length: 100, path: ['a.txt'] }] };
  return encode({ ...outer, info: { ...base, ...info } });
}

describe('known torrents', () => {
  it('parses a mktorrent v1 torrent with the info-hash transmission-show printed', () => {
    const meta = parseTorrent(fixture('known-v1.torrent'), hasher);
    expect(meta.version).toBe('v1');
    expect(meta.infoHashV1Hex).toBe('5c18437e8c6d51fa4abfcc6488b425d09c0dc5ba');
    expect(meta.infoHashV2).toBeNull();
    expect(meta.name).toBe('known');
    expect(meta.pieceLength).toBe(32768);
    expect(meta.pieceCount).toBe(2);
    expect(meta.length).toBe(62000);
    expect(meta.files.map((f) => [f.path.join('/'), f.length, f.offset])).toEqual([
      ['known/a.bin', 50000, 0],
      ['known/b/c.txt', 12000, 50000],
    ]);
    expect(meta.comment).toBe('fixture');
    expect(meta.createdBy).toBe('mktorrent 1.1');
    expect(meta.announce).toEqual(['http://tracker.example/announce']);
    expect(bytesToHex(hasher.sha1(meta.infoBytes))).toBe(meta.infoHashV1Hex);
  });

  it('parses a libtorrent hybrid torrent: hashes, pad files, piece layers', () => {
    const meta = parseTorrent(fixture('known-hybrid.torrent'), hasher);
    expect(meta.version).toBe('hybrid');
    expect(meta.infoHashV1Hex).toBe('d5ddeb8f8c5446f586b2f184360eee7f4273fe9b');
    expect(meta.infoHashV2Hex).toBe('2507651fa91f500dd993b8536047d56274004f6c8329807b1f0bc7a6fa02d6f4');
    expect(meta.files.map((f) => [f.path.join('/'), f.length, f.offset, f.pad])).toEqual([
      ['known/a.bin', 50000, 0, false],
      ['known/.pad/15536', 15536, 50000, true],
      ['known/b/c.txt', 12000, 65536, false],
      ['known/.pad/4384', 4384, 77536, true],
    ]);
    expect(meta.length).toBe(62000);
    expect(meta.spaceLength).toBe(81920);
    expect(meta.pieceCount).toBe(5);
    expect(meta.files[0]!.piecesRoot).toHaveLength(32);
    // a.bin spans 4 pieces: a layer of 4 hashes; c.txt fits one piece: no layer.
    expect([...meta.pieceLayers.values()].map((l) => l.length)).toEqual([128]);
  });

  it('creates the same hybrid info dict from the same content', async () => {
    const a = new Uint8Array(50000).map((_, i) => (i * 7 + 3) & 255);
    const c = utf8Bytes('hello world\n'.repeat(1000));
    const { metainfo } = await createTorrent([memorySource(['a.bin'], a), memorySource(['b', 'c.txt'], c)], hasher, { name: 'known', pieceLength: 16384 });
    expect(bytesToHex(metainfo.infoBytes)).toBe(bytesToHex(parseTorrent(fixture('known-hybrid.torrent'), hasher).infoBytes));
  });
});

describe('path sanitisation', () => {
  const unsafe: string[][] = [['..', 'etc', 'passwd'], ['a', '..', '..', 'x'], ['.'], ['/etc/passwd'], ['', 'etc'], ['a\\..\\b'], ['C:', 'x'], ['c:evil'], ['CON'], ['nul.txt'], ['com1'], ['LPT9.log'], ['a\u0000b'], ['a\nb'], ['bell\u0007'], ['del\u007f']];
  it.each(unsafe)('refuses v1 file path %j', (...path) => {
    const torrent = v1({ files: [{ length: 1, path }] });
    expect(codeOf(torrent)).toBe('METAINFO_UNSAFE_PATH');
    try {
      parseTorrent(torrent, hasher);
    } catch (err) {
      expect((err as MetainfoError).path).toEqual(['root', ...path]);
      expect((err as MetainfoError).message).toContain('unsafe file path');
    }
  });

  it.each(['..', '.', 'a/b', 'C:', 'aux'])('refuses the torrent name %j', (name) => {
    expect(codeOf(v1({ name, files: undefined, length: 1 }))).toBe('METAINFO_UNSAFE_PATH');
  });

  it('refuses an unsafe key in a v2 file tree', () => {
    const info = { name: 'root', 'piece length': 16384, 'meta version': 2, 'file tree': { '..': { x: { '': { length: 1, 'pieces root': new Uint8Array(32) } } } } };
    expect(codeOf(encode({ info, 'piece layers': {} }))).toBe('METAINFO_UNSAFE_PATH');
  });

  it('prefers path.utf-8 and checks it too', () => {
    expect(codeOf(v1({ files: [{ length: 1, path: ['ok'], 'path.utf-8': ['..', 'x'] }] }))).toBe('METAINFO_UNSAFE_PATH');
  });

  it.each([
    [['a'], ['a']],
    [['a'], ['A']],
    [['caf\u00e9'], ['cafe\u0301']], // NFC vs NFD
    [['a'], ['a', 'b']],
    [['a', 'b'], ['a']],
  ])('refuses colliding paths %j and %j', (p, q) => {
    expect(codeOf(v1({ pieces: new Uint8Array(20), files: [{ length: 1, path: p }, { length: 1, path: q }] }))).toBe('METAINFO_DUPLICATE_PATH');
  });

  it('allows repeated pad-file paths', () => {
    const files = [{ length: 1, path: ['a'] }, { attr: 'p', length: 16383, path: ['.pad', '16383'] }, { length: 1, path: ['b'] }, { attr: 'p', length: 16383, path: ['.pad', '16383'] }, { length: 1, path: ['c'] }];
    const meta = parseTorrent(v1({ files, pieces: new Uint8Array(60) }), hasher);
    expect(meta.files.filter((f) => f.pad)).toHaveLength(2);
    expect(meta.length).toBe(3);
  });
});

describe('v1 validation', () => {
  const cases: [string, Uint8Array, MetainfoErrorCode][] = [
    ['pieces not a multiple of 20', v1({ pieces: new Uint8Array(19) }), 'METAINFO_INVALID_PIECES'],
    ['too many piece hashes', v1({ pieces: new Uint8Array(40) }), 'METAINFO_INVALID_PIECES'],
    ['no pieces', v1({ pieces: undefined }), 'METAINFO_MISSING_FIELD'],
    ['both length and files', v1({ length: 5 }), 'METAINFO_INVALID_FIELD'],
    ['neither length nor files', v1({ files: undefined }), 'METAINFO_INVALID_FIELD'],
    ['piece length 0', v1({ 'piece length': 0 }), 'METAINFO_INVALID_PIECE_LENGTH'],
    ['negative length', v1({ files: [{ length: -1, path: ['a'] }] }), 'METAINFO_INVALID_FIELD'],
    ['length beyond 2^53', v1({ files: [{ length: 2n ** 60n, path: ['a'] }] }), 'METAINFO_TOO_LARGE'],
    ['total beyond 2^53', v1({ files: [{ length: 2 ** 52, path: ['a'] }, { length: 2 ** 52, path: ['b'] }] }), 'METAINFO_TOO_LARGE'],
    ['no data', v1({ files: [{ length: 0, path: ['a'] }], pieces: new Uint8Array(0) }), 'METAINFO_EMPTY'],
    ['empty files list', v1({ files: [] }), 'METAINFO_EMPTY'],
    ['path not a list', v1({ files: [{ length: 1, path: 'a' }] }), 'METAINFO_INVALID_FIELD'],
    ['missing name', v1({ name: undefined }), 'METAINFO_MISSING_FIELD'],
    ['unsupported meta version', v1({ 'meta version': 3 }), 'METAINFO_UNSUPPORTED_VERSION'],
    ['not a dict', encode(['info']), 'METAINFO_INVALID_FIELD'],
    ['no info', encode({ announce: 'x' }), 'METAINFO_MISSING_FIELD'],
  ];
  it.each(cases)('%s', (_label, torrent, code) => {
    expect(codeOf(torrent)).toBe(code);
  });

  it('wraps bencode errors, refusing unsorted info keys but not unsorted outer keys', () => {
    const good = v1({});
    const trailing = new Uint8Array([...good, 0x30]);
    expect(codeOf(trailing)).toBe('METAINFO_NOT_BENCODE');
    const info = utf8Bytes('d4:name1:x12:piece lengthi16384e6:lengthi1e6:pieces20:01234567890123456789e');
    const unsortedInfo = new Uint8Array([...utf8Bytes('d4:info'), ...info, 0x65]);
    try {
      parseTorrent(unsortedInfo, hasher);
      expect.unreachable();
    } catch (err) {
      expect((err as MetainfoError).code).toBe('METAINFO_NOT_BENCODE');
      expect(((err as MetainfoError).cause as { code: string }).code).toBe('BENCODE_UNSORTED_KEYS');
    }
    const sortedInfo = utf8Bytes('d6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:01234567890123456789e');
    const unsortedOuter = new Uint8Array([...utf8Bytes('d4:info'), ...sortedInfo, ...utf8Bytes('8:announce3:urle')]);
    const meta = parseTorrent(unsortedOuter, hasher);
    expect(meta.announce).toEqual(['url']);
    expect(bytesToHex(meta.infoBytes)).toBe(bytesToHex(sortedInfo));
    expect(codeOf(unsortedOuter, { strictOuterKeys: true })).toBe('METAINFO_NOT_BENCODE');
  });

  it('reads trackers (BEP 12), web seeds (BEP 19), private flag and descriptive fields', () => {
    const meta = parseTorrent(
      v1(
        { private: 1 },
        {
          announce: 'http://a/ann',
          'announce-list': [['http://b/ann', 'http://a/ann'], ['http://c/ann', 'http://b/ann'], [], 'udp://flat'],
          'url-list': 'https://ws/',
          comment: 'latin',
          'comment.utf-8': 'ünï',
          'created by': 'x',
          'creation date': 1700000000,
        },
      ),
      hasher,
    );
    expect(meta.announceTiers).toEqual([['http://b/ann', 'http://a/ann'], ['http://c/ann'], ['udp://flat']]);
    expect(meta.announce).toEqual(['http://b/ann', 'http://a/ann', 'http://c/ann', 'udp://flat']);
    expect(meta.urlList).toEqual(['https://ws/']);
    expect(meta.private).toBe(true);
    expect(meta.comment).toBe('ünï');
    expect(meta.createdBy).toBe('x');
    expect(meta.creationDate).toBe(1700000000);
    const plain = parseTorrent(v1({}, { announce: 'http://only/' }), hasher);
    expect(plain.announceTiers).toEqual([['http://only/']]);
    expect(plain.private).toBe(false);
    expect(plain.urlList).toEqual([]);
  });
});

/** Decodes a created torrent so a test can break it and re-encode. */
async function created(version: 'v2' | 'hybrid', sizes: number[]): Promise<BencodeDict> {
  const files = sizes.map((n, i) => memorySource([`f${i}`], new Uint8Array(n).fill(i + 1)));
  const { torrent } = await createTorrent(files, hasher, { version, name: 'root', pieceLength: 16384, creationDate: null });
  return decode(torrent) as BencodeDict;
}
const infoOf = (t: BencodeDict): BencodeDict => t.get('info') as BencodeDict;

describe('v2 and hybrid validation', () => {
  it('accepts what createTorrent makes', async () => {
    expect(codeOf(encode(await created('v2', [40000, 5, 0])))).toBe('none');
    expect(codeOf(encode(await created('hybrid', [40000, 5, 0])))).toBe('none');
  });

  it('requires piece layers for files larger than a piece, and verifies them', async () => {
    const t = await created('v2', [40000]);
    const layers = t.get('piece layers') as BencodeDict;
    const [key, layer] = [...layers][0]!;
    const broken = (layer as Uint8Array).slice();
    broken[0]! ^= 1;
    layers.set(key, broken);
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_PIECE_LAYER');
    layers.set(key, (layer as Uint8Array).subarray(0, 64));
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_PIECE_LAYER');
    layers.delete(key);
    expect(codeOf(encode(t))).toBe('METAINFO_MISSING_PIECE_LAYER');
    expect(codeOf(encode(t), { requirePieceLayers: false })).toBe('none');
  });

  it.each([8192, 24576, 16000])('refuses v2 piece length %i', async (pieceLength) => {
    const t = await created('v2', [100]);
    infoOf(t).set('piece length', pieceLength);
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_PIECE_LENGTH');
  });

  it('refuses malformed file trees', async () => {
    const t = await created('v2', [100, 5]);
    const tree = infoOf(t).get('file tree') as BencodeDict;
    const entry = (tree.get('f0') as BencodeDict).get('') as BencodeDict;
    entry.delete('pieces root');
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_FILE_TREE');
    entry.set('pieces root', new Uint8Array(31));
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_FILE_TREE');
    entry.set('pieces root', new Uint8Array(32));
    (tree.get('f0') as BencodeDict).set('extra', new Map());
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_FILE_TREE');
    tree.set('f0', new Map());
    expect(codeOf(encode(t))).toBe('METAINFO_INVALID_FILE_TREE');
  });

  it('refuses hybrids whose v1 and v2 halves disagree', async () => {
    const t = await created('hybrid', [40000, 5]);
    const files = infoOf(t).get('files') as BencodeDict[];
    files[0]!.set('length', 39999);
    expect(codeOf(encode(t))).toBe('METAINFO_HYBRID_MISMATCH');
    // Without the pad file, the second file no longer starts at a piece boundary.
    const t2 = await created('hybrid', [40000, 5]);
    const files2 = infoOf(t2).get('files') as BencodeDict[];
    infoOf(t2).set('files', [files2[0]!, files2[2]!]);
    infoOf(t2).set('pieces', new Uint8Array(60));
    expect(codeOf(encode(t2))).toBe('METAINFO_HYBRID_MISMATCH');
    const t3 = await created('hybrid', [40000, 5]);
    ((infoOf(t3).get('files') as BencodeDict[])[2]!.get('path') as Uint8Array[])[0] = utf8Bytes('other');
    expect(codeOf(encode(t3))).toBe('METAINFO_HYBRID_MISMATCH');
  });
});
