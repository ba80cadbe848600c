/** @module wire/extensions.test — tests. */
/** BEP 10 / 9 / 11 payloads checked against byte strings written from the BEP examples. */
import { describe, expect, it } from 'vitest';
import { encodeExtended } from './encode.js';
import { decodeExtensionHandshake, encodeExtensionHandshake } from './extension-handshake.js';
import { DEFAULT_WIRE_LIMITS, resolveLimits } from './limits.js';
import { decodeUtMetadata, encodeUtMetadata } from './ut-metadata.js';
import { decodeUtPex, encodeUtPex } from './ut-pex.js';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const asLatin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('BEP 10 extension handshake', () => {
  const wire =
    'd1:md11:ut_metadatai3e6:ut_pexi1ee13:metadata_sizei31235e1:pi6881e4:reqqi250e1:v14:Seedling 0.1.06:yourip4:\x7f\x00\x00\x01e';
  const hs = {
    m: new Map([
      ['ut_metadata', 3],
      ['ut_pex', 1],
    ]),
    metadataSize: 31235,
    p: 6881,
    reqq: 250,
    v: 'Seedling 0.1.0',
    yourip: new Uint8Array([127, 0, 0, 1]),
  };

  it('encodes canonically (sorted keys) to the spec bytes', () => {
    expect(asLatin1(encodeExtensionHandshake(hs))).toBe(wire);
  });

  it('decodes back', () => {
    expect(decodeExtensionHandshake(latin1(wire), DEFAULT_WIRE_LIMITS)).toEqual(hs);
  });

  it('frames as <len><20><0><dict>', () => {
    const frame = encodeExtended(0, latin1('de'));
    expect(Buffer.from(frame).toString('hex')).toBe('00000004' + '14' + '00' + '6465');
  });

  it('ignores unknown keys and ill-typed fields, keeps the one-byte ids', () => {
    const out = decodeExtensionHandshake(latin1('d1:md1:ai300e1:bi0e1:ci7ee1:pi99999e1:x3:abce'), DEFAULT_WIRE_LIMITS);
    expect([...out.m]).toEqual([
      ['b', 0],
      ['c', 7],
    ]);
    expect(out.p).toBeUndefined();
  });

  it('refuses metadata_size above the limit', () => {
    const limits = resolveLimits({ maxMetadataSize: 1000 });
    expect(codeOf(() => decodeExtensionHandshake(latin1('d13:metadata_sizei1001ee'), limits))).toBe('WIRE_METADATA_TOO_LARGE');
    expect(decodeExtensionHandshake(latin1('d13:metadata_sizei1000ee'), limits).metadataSize).toBe(1000);
    expect(codeOf(() => decodeExtensionHandshake(latin1('d13:metadata_sizei-1ee'), limits))).toBe('WIRE_BAD_EXTENDED');
  });

  it('refuses a payload that is not a bencoded dict', () => {
    expect(codeOf(() => decodeExtensionHandshake(latin1('li1ee'), DEFAULT_WIRE_LIMITS))).toBe('WIRE_BAD_EXTENDED');
    expect(codeOf(() => decodeExtensionHandshake(latin1('d1:m'), DEFAULT_WIRE_LIMITS))).toBe('WIRE_BAD_EXTENDED');
  });
});

describe('BEP 9 ut_metadata', () => {
  it('request and reject match the BEP 9 examples', () => {
    expect(asLatin1(encodeUtMetadata({ msgType: 'request', piece: 0 }))).toBe('d8:msg_typei0e5:piecei0ee');
    expect(asLatin1(encodeUtMetadata({ msgType: 'reject', piece: 0 }))).toBe('d8:msg_typei2e5:piecei0ee');
    expect(decodeUtMetadata(latin1('d8:msg_typei0e5:piecei0ee'), DEFAULT_WIRE_LIMITS)).toEqual({ msgType: 'request', piece: 0 });
    expect(decodeUtMetadata(latin1('d8:msg_typei2e5:piecei1ee'), DEFAULT_WIRE_LIMITS)).toEqual({ msgType: 'reject', piece: 1 });
  });

  it('data is the dict followed by the raw piece', () => {
    const piece = new Uint8Array(34256 - 2 * 16384).fill(0x65); // last piece; 'e' bytes must not confuse the dict end
    const wire = 'd8:msg_typei1e5:piecei2e10:total_sizei34256ee' + asLatin1(piece);
    expect(asLatin1(encodeUtMetadata({ msgType: 'data', piece: 2, totalSize: 34256, data: piece }))).toBe(wire);
    const msg = decodeUtMetadata(latin1(wire), DEFAULT_WIRE_LIMITS);
    expect(msg?.msgType).toBe('data');
    if (msg?.msgType !== 'data') return;
    expect(msg.piece).toBe(2);
    expect(msg.data.length).toBe(1488);
    expect(msg.totalSize).toBe(34256);
    expect(msg.data).toEqual(piece);
  });

  it('refuses a data piece of the wrong length, a piece past the end, and a huge total_size', () => {
    const limits = resolveLimits({ maxMetadataSize: 100_000 });
    expect(codeOf(() => decodeUtMetadata(latin1('d8:msg_typei1e5:piecei0e10:total_sizei20000eeXX'), limits))).toBe('WIRE_BAD_EXTENDED');
    expect(codeOf(() => decodeUtMetadata(latin1('d8:msg_typei1e5:piecei2e10:total_sizei20000eeXX'), limits))).toBe('WIRE_BAD_EXTENDED');
    expect(codeOf(() => decodeUtMetadata(latin1('d8:msg_typei1e5:piecei0e10:total_sizei100001eeXX'), limits))).toBe(
      'WIRE_METADATA_TOO_LARGE',
    );
    expect(codeOf(() => decodeUtMetadata(latin1('d8:msg_typei0e5:piecei99ee'), limits))).toBe('WIRE_BAD_EXTENDED');
  });

  it('ignores an unknown msg_type', () => {
    expect(decodeUtMetadata(latin1('d8:msg_typei9e5:piecei0ee'), DEFAULT_WIRE_LIMITS)).toBeNull();
  });
});

describe('BEP 11 ut_pex', () => {
  it('encodes compact IPv4 peers with flags', () => {
    const wire = 'd5:added6:\x7f\x00\x00\x01\x1a\xe17:added.f1:\x027:dropped6:\x0a\x00\x00\x02\x00\x50e';
    const msg = { added: [{ host: '127.0.0.1', port: 6881, flags: 2 }], dropped: [{ host: '10.0.0.2', port: 80 }] };
    expect(asLatin1(encodeUtPex(msg))).toBe(wire);
    expect(decodeUtPex(latin1(wire), DEFAULT_WIRE_LIMITS)).toEqual(msg);
  });

  it('decodes IPv6 peers and refuses partial entries', () => {
    const v6 = '\x20\x01\x0d\xb8' + '\x00'.repeat(11) + '\x01' + '\x1a\xe1';
    expect(decodeUtPex(latin1(`d6:added618:${v6}e`), DEFAULT_WIRE_LIMITS).added).toEqual([{ host: '2001:db8:0:0:0:0:0:1', port: 6881 }]);
    expect(codeOf(() => decodeUtPex(latin1('d5:added5:12345e'), DEFAULT_WIRE_LIMITS))).toBe('WIRE_BAD_EXTENDED');
  });
});
