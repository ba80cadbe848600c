import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../bencode/bytes.js';
import { parseInfoDict } from './parse-info.js';
import { parseTorrent } from './parse-torrent.js';
import { referenceHasher as hasher } from './test-hasher.node.js';
import { encodeTorrentFile } from './torrent-file.js';

const fixture = (name: string): Uint8Array => readFileSync(join(import.meta.dirname, 'testdata', name));

describe('encodeTorrentFile', () => {
  it('re-encodes a parsed torrent with the same info-hashes, piece layers and fields', () => {
    for (const name of ['known-v1.torrent', 'known-hybrid.torrent']) {
      const meta = parseTorrent(fixture(name), hasher);
      const again = parseTorrent(encodeTorrentFile(meta), hasher, { strictOuterKeys: true });
      expect(again.infoHashV1Hex).toBe(meta.infoHashV1Hex);
      expect(again.infoHashV2Hex).toBe(meta.infoHashV2Hex);
      expect([...again.pieceLayers].map(([k, v]) => [k, bytesToHex(v)])).toEqual([...meta.pieceLayers].map(([k, v]) => [k, bytesToHex(v)]));
      expect([again.announce, again.comment, again.createdBy, again.creationDate]).toEqual([meta.announce, meta.comment, meta.createdBy, meta.creationDate]);
    }
  });

  it('saves ut_metadata info bytes with magnet trackers, info kept byte for byte', () => {
    const meta = parseTorrent(fixture('known-v1.torrent'), hasher);
    const fromMagnet = parseInfoDict(meta.infoBytes, hasher, { v1: meta.infoHashV1 });
    const file = encodeTorrentFile({ ...fromMagnet, announceTiers: [['udp://a:1'], ['http://b/ann']], urlList: ['https://ws/'] });
    const back = parseTorrent(file, hasher);
    expect(bytesToHex(back.infoBytes)).toBe(bytesToHex(meta.infoBytes));
    expect(back.announce).toEqual(['udp://a:1', 'http://b/ann']);
    expect(back.urlList).toEqual(['https://ws/']);
  });

  it('refuses a malformed piece-layer key', () => {
    const meta = parseTorrent(fixture('known-v1.torrent'), hasher);
    expect(() => encodeTorrentFile({ ...meta, pieceLayers: new Map([['zz', new Uint8Array(32)]]) })).toThrow(expect.objectContaining({ code: 'METAINFO_INVALID_FIELD' }));
  });
});
