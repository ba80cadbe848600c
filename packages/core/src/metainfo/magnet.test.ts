import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bencode/bytes.js';
import { base32Decode, base32Encode } from './base32.js';
import { MagnetError, type MagnetErrorCode } from './errors.js';
import { buildMagnet, parseMagnet } from './magnet.js';

const V1 = 'c9e15763f722f23e98a29decdfae341b98d53056';
const V2 = 'd8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb';

function codeOf(uri: string): MagnetErrorCode | 'none' {
  try {
    parseMagnet(uri);
    return 'none';
  } catch (err) {
    expect(err).toBeInstanceOf(MagnetError);
    expect((err as MagnetError).name).toBe('MagnetError');
    return (err as MagnetError).code;
  }
}

describe('parseMagnet', () => {
  it('parses a v1 link with name, trackers, web seeds, peers and length', () => {
    const m = parseMagnet(
      `magnet:?xt=urn:btih:${V1.toUpperCase()}&dn=Big+Buck%20Bunny&tr=udp%3A%2F%2Ftracker.example%3A80&tr=wss://t.example/ann&tr.1=udp%3A%2F%2Ftracker.example%3A80` +
        '&ws=https%3A%2F%2Fseed.example%2Ff&x.pe=10.0.0.1:6881&x.pe=%5B2001:db8::1%5D:51413&x.pe=peer.example:1&xl=12345',
    );
    expect(m.infoHashV1Hex).toBe(V1);
    expect(m.infoHashV2).toBeNull();
    expect(m.name).toBe('Big Buck Bunny');
    expect(m.trackers).toEqual(['udp://tracker.example:80', 'wss://t.example/ann']);
    expect(m.webSeeds).toEqual(['https://seed.example/f']);
    expect(m.peers).toEqual([
      { host: '10.0.0.1', port: 6881 },
      { host: '2001:db8::1', port: 51413 },
      { host: 'peer.example', port: 1 },
    ]);
    expect(m.length).toBe(12345);
  });

  it('accepts a 32-char base32 btih', () => {
    const b32 = base32Encode(hexToBytes(V1)!);
    expect(b32).toHaveLength(32);
    expect(parseMagnet(`magnet:?xt=urn:btih:${b32}`).infoHashV1Hex).toBe(V1);
    expect(parseMagnet(`magnet:?xt=urn:btih:${b32.toLowerCase()}`).infoHashV1Hex).toBe(V1);
  });

  it('parses v2 (btmh) and hybrid links', () => {
    const v2 = parseMagnet(`magnet:?xt=urn:btmh:1220${V2}`);
    expect(v2.infoHashV2Hex).toBe(V2);
    expect(v2.infoHashV1).toBeNull();
    const hybrid = parseMagnet(`magnet:?xt=urn:btih:${V1}&xt=urn:btmh:1220${V2}&dn=x`);
    expect([hybrid.infoHashV1Hex, hybrid.infoHashV2Hex]).toEqual([V1, V2]);
  });

  it('ignores unknown parameters and other xt namespaces', () => {
    expect(parseMagnet(`magnet:?xt=urn:sha1:ABC&xt=urn:btih:${V1}&so=0-2&kt=a+b`).infoHashV1Hex).toBe(V1);
  });

  const bad: [string, MagnetErrorCode][] = [
    ['http://example.com/?xt=urn:btih:' + V1, 'MAGNET_NOT_MAGNET'],
    ['magnet:?dn=nothing', 'MAGNET_NO_INFO_HASH'],
    ['magnet:?xt=urn:sha1:XYZ', 'MAGNET_NO_INFO_HASH'],
    [`magnet:?xt=urn:btih:${V1.slice(1)}`, 'MAGNET_INVALID_INFO_HASH'],
    [`magnet:?xt=urn:btih:${V1.slice(1)}g`, 'MAGNET_INVALID_INFO_HASH'],
    ['magnet:?xt=urn:btih:' + '1'.repeat(32), 'MAGNET_INVALID_INFO_HASH'], // '1' is not base32
    [`magnet:?xt=urn:btmh:1114${V2}`, 'MAGNET_INVALID_INFO_HASH'], // sha1 multihash code
    [`magnet:?xt=urn:btmh:1220${V2.slice(2)}`, 'MAGNET_INVALID_INFO_HASH'],
    [`magnet:?xt=urn:btih:${V1}&xt=urn:btih:${'0'.repeat(40)}`, 'MAGNET_CONFLICTING_INFO_HASH'],
    [`magnet:?xt=urn:btih:${V1}&dn=%E0%A4%A`, 'MAGNET_MALFORMED'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=10.0.0.1`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=10.0.0.1:0`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=10.0.0.1:65536`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=2001:db8::1:80`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=[1.2.3.4]:80`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&x.pe=a%20b:80`, 'MAGNET_INVALID_PEER'],
    [`magnet:?xt=urn:btih:${V1}&xl=-1`, 'MAGNET_INVALID_LENGTH'],
    [`magnet:?xt=urn:btih:${V1}&xl=1e3`, 'MAGNET_INVALID_LENGTH'],
    [`magnet:?xt=urn:btih:${V1}&xl=99999999999999999`, 'MAGNET_INVALID_LENGTH'],
    [`magnet:?xt=urn:btih:${V1}&tr=${'a'.repeat(70_000)}`, 'MAGNET_TOO_LARGE'],
  ];
  it.each(bad)('%s → %s', (uri, code) => {
    expect(codeOf(uri)).toBe(code);
  });

  it('never throws anything but MagnetError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (tail) => {
        const code = codeOf(`magnet:?${tail}`);
        expect(typeof code).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('buildMagnet', () => {
  it('round-trips every field', () => {
    const input = {
      infoHashV1: hexToBytes(V1)!,
      infoHashV2: hexToBytes(V2)!,
      name: 'a & b / ü+?',
      trackers: ['udp://t.example:80/announce', 'https://t.example/a?x=1&y=2'],
      webSeeds: ['https://s.example/path with space'],
      peers: [{ host: '127.0.0.1', port: 6881 }, { host: '::1', port: 8080 }],
      length: 42,
    };
    const uri = buildMagnet(input);
    expect(uri.startsWith(`magnet:?xt=urn:btih:${V1}&xt=urn:btmh:1220${V2}&`)).toBe(true);
    const back = parseMagnet(uri);
    expect(bytesToHex(back.infoHashV1!)).toBe(V1);
    expect(bytesToHex(back.infoHashV2!)).toBe(V2);
    expect(back.name).toBe(input.name);
    expect(back.trackers).toEqual(input.trackers);
    expect(back.webSeeds).toEqual(input.webSeeds);
    expect(back.peers).toEqual(input.peers);
    expect(back.length).toBe(42);
  });

  it('round-trips arbitrary names and trackers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.string({ minLength: 1 }), fc.array(fc.webUrl(), { maxLength: 3 }), (hash, name, trackers) => {
        const back = parseMagnet(buildMagnet({ infoHashV1: hash, name, trackers }));
        expect(back.infoHashV1).toEqual(hash);
        expect(back.name).toBe(name.trim() === '' ? null : name.trim());
        expect(back.trackers).toEqual([...new Set(trackers.map((t) => t.trim()))]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses missing or mis-sized hashes and bad peers', () => {
    expect(() => buildMagnet({})).toThrow(MagnetError);
    expect(() => buildMagnet({ infoHashV1: new Uint8Array(32) })).toThrow(MagnetError);
    expect(() => buildMagnet({ infoHashV2: new Uint8Array(20) })).toThrow(MagnetError);
    expect(() => buildMagnet({ infoHashV1: new Uint8Array(20), peers: [{ host: 'a&b', port: 1 }] })).toThrow(expect.objectContaining({ code: 'MAGNET_INVALID_PEER' }));
    expect(() => buildMagnet({ infoHashV1: new Uint8Array(20), peers: [{ host: 'h', port: 0 }] })).toThrow(expect.objectContaining({ code: 'MAGNET_INVALID_PEER' }));
  });
});

describe('base32', () => {
  it('matches RFC 4648 vectors', () => {
    const enc = (s: string): string => base32Encode(new TextEncoder().encode(s));
    expect(enc('f')).toBe('MY');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(base32Decode('MZXW6YTBOI')!)).toBe('foobar');
    expect(base32Decode('MZ1')).toBeNull();
  });
});
