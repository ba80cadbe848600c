import { describe, expect, it } from 'vitest';
import { createTorrent } from './create-torrent.js';
import { parseInfoDict } from './parse-info.js';
import { referenceHasher as hasher } from './test-hasher.node.js';
import { memorySource } from './test-fixtures.node.js';

describe('parseInfoDict (metadata from ut_metadata, BEP 9)', async () => {
  const files = [memorySource(['a'], new Uint8Array(40_000).fill(1)), memorySource(['b'], new Uint8Array(5).fill(2))];
  const { metainfo: meta } = await createTorrent(files, hasher, { name: 'root', pieceLength: 16384, announce: ['http://t/a'] });

  it('accepts metadata matching the expected info-hashes', () => {
    const fromInfo = parseInfoDict(meta.infoBytes, hasher, { v1: meta.infoHashV1, v2: meta.infoHashV2 });
    expect(fromInfo.infoHashV1Hex).toBe(meta.infoHashV1Hex);
    expect(fromInfo.infoHashV2Hex).toBe(meta.infoHashV2Hex);
    expect(fromInfo.files).toEqual(meta.files);
    expect(fromInfo.pieces).toEqual(meta.pieces);
    // Trackers and piece layers live outside the info dict.
    expect(fromInfo.pieceLayers.size).toBe(0);
    expect(fromInfo.announce).toEqual([]);
  });

  it('accepts the 20-byte truncated v2 info-hash of the peer handshake (BEP 52)', () => {
    expect(parseInfoDict(meta.infoBytes, hasher, { v2: meta.infoHashV2!.subarray(0, 20) }).infoHashV2Hex).toBe(meta.infoHashV2Hex);
  });

  it.each([
    ['wrong v1', { v1: new Uint8Array(20).fill(9) }],
    ['wrong v2', { v2: new Uint8Array(32) }],
    ['wrong truncated v2', { v2: new Uint8Array(20) }],
    ['odd-sized v2', { v2: new Uint8Array(31) }],
  ])('refuses metadata for the %s', (_label, expected) => {
    expect(() => parseInfoDict(meta.infoBytes, hasher, expected)).toThrow(expect.objectContaining({ name: 'MetainfoError', code: 'METAINFO_INFO_HASH_MISMATCH' }));
  });

  it('refuses non-bencode and non-dict metadata', () => {
    expect(() => parseInfoDict(new Uint8Array([0x64]), hasher)).toThrow(expect.objectContaining({ code: 'METAINFO_NOT_BENCODE' }));
    expect(() => parseInfoDict(new TextEncoder().encode('le'), hasher)).toThrow(expect.objectContaining({ code: 'METAINFO_INVALID_FIELD' }));
  });
});
