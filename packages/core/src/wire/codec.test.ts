/** @module wire/codec.test — tests. */
/**
 * Golden vectors written by hand from the BEP layouts (BEP 3, 5, 6, 10, 52): each hex string is
 * `<length prefix><id><payload>` spelled out field by field, not produced by our encoder.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode-message.js';
import { encodeMessage, encodeMessageParts, encodePieceHeader, encodeRequests } from './encode.js';
import { decodeHandshake, encodeHandshake, makeReserved, readReserved, supportsExtended, supportsFast, supportsV2 } from './handshake.js';
import { DEFAULT_WIRE_LIMITS } from './limits.js';
import type { WireMessage } from './messages.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ROOT = hex('ab'.repeat(32));

const vectors: Array<[string, WireMessage, string]> = [
  ['keep-alive', { type: 'keep-alive' }, '00000000'],
  ['choke', { type: 'choke' }, '00000001 00'],
  ['unchoke', { type: 'unchoke' }, '00000001 01'],
  ['interested', { type: 'interested' }, '00000001 02'],
  ['not interested', { type: 'not-interested' }, '00000001 03'],
  ['have 0x01020304', { type: 'have', index: 0x01020304 }, '00000005 04 01020304'],
  ['bitfield', { type: 'bitfield', bits: hex('ff80') }, '00000003 05 ff80'],
  ['request', { type: 'request', index: 1, begin: 0x4000, length: 0x4000 }, '0000000d 06 00000001 00004000 00004000'],
  ['piece', { type: 'piece', index: 2, begin: 0x8000, block: hex('deadbeef') }, '0000000d 07 00000002 00008000 deadbeef'],
  ['cancel', { type: 'cancel', index: 3, begin: 0, length: 0x4000 }, '0000000d 08 00000003 00000000 00004000'],
  ['port (BEP 5)', { type: 'port', port: 6881 }, '00000003 09 1ae1'],
  ['suggest (BEP 6)', { type: 'suggest', index: 7 }, '00000005 0d 00000007'],
  ['have all (BEP 6)', { type: 'have-all' }, '00000001 0e'],
  ['have none (BEP 6)', { type: 'have-none' }, '00000001 0f'],
  ['reject (BEP 6)', { type: 'reject', index: 5, begin: 0x4000, length: 0x2000 }, '0000000d 10 00000005 00004000 00002000'],
  ['allowed fast (BEP 6)', { type: 'allowed-fast', index: 0x0a }, '00000005 11 0000000a'],
  // BEP 10: ext id 0 (handshake) with payload "de" (an empty dict).
  ['extended (BEP 10)', { type: 'extended', extId: 0, payload: hex('6465') }, '00000004 14 00 6465'],
  [
    'hash request (BEP 52)',
    { type: 'hash-request', piecesRoot: ROOT, baseLayer: 0, index: 4, length: 8, proofLayers: 3 },
    '00000031 15' + 'ab'.repeat(32) + '00000000 00000004 00000008 00000003',
  ],
  [
    'hashes (BEP 52)',
    { type: 'hashes', piecesRoot: ROOT, baseLayer: 2, index: 0, length: 2, proofLayers: 0, hashes: hex('11'.repeat(32) + '22'.repeat(32)) },
    '00000071 16' + 'ab'.repeat(32) + '00000002 00000000 00000002 00000000' + '11'.repeat(32) + '22'.repeat(32),
  ],
  [
    'hash reject (BEP 52)',
    { type: 'hash-reject', piecesRoot: ROOT, baseLayer: 1, index: 2, length: 4, proofLayers: 1 },
    '00000031 17' + 'ab'.repeat(32) + '00000001 00000002 00000004 00000001',
  ],
];

describe('wire codec golden vectors', () => {
  for (const [name, msg, wire] of vectors) {
    it(`${name} encodes to the spec bytes and decodes back`, () => {
      expect(toHex(encodeMessage(msg))).toBe(toHex(hex(wire)));
      expect(decodeFrame(hex(wire), DEFAULT_WIRE_LIMITS)).toEqual(msg);
    });
  }

  it('piece header alone matches the first 13 bytes of a piece message', () => {
    expect(toHex(encodePieceHeader(2, 0x8000, 4))).toBe('0000000d070000000200008000');
  });

  it('encodeRequests writes request frames back to back (golden bytes)', () => {
    const refs = [
      { index: 1, begin: 0x4000, length: 0x4000 },
      { index: 0x01020304, begin: 0, length: 0x2a },
    ];
    expect(toHex(encodeRequests(refs))).toBe(
      toHex(hex('0000000d 06 00000001 00004000 00004000 | 0000000d 06 01020304 00000000 0000002a')),
    );
    expect(encodeRequests([])).toHaveLength(0);
  });

  it('encodeMessageParts passes a piece block through uncopied', () => {
    const block = hex('deadbeef');
    const parts = encodeMessageParts({ type: 'piece', index: 2, begin: 0x8000, block });
    expect(parts.length).toBe(2);
    expect(parts[1]).toBe(block);
    expect(toHex(parts[0]!)).toBe('0000000d070000000200008000');
    expect(toHex(encodeMessageParts({ type: 'have', index: 1 })[0]!)).toBe('000000050400000001');
  });

  it('decodes a piece block as a view of the input (zero copy)', () => {
    const frame = hex('0000000d 07 00000002 00008000 deadbeef');
    const msg = decodeFrame(frame, DEFAULT_WIRE_LIMITS);
    expect(msg?.type).toBe('piece');
    if (msg?.type !== 'piece') return;
    expect(msg.block.buffer).toBe(frame.buffer);
    expect(msg.block.byteOffset).toBe(13);
  });

  it('unknown message ids decode to null (skipped, BEP 3)', () => {
    expect(decodeFrame(hex('00000003 63 0102'), DEFAULT_WIRE_LIMITS)).toBeNull();
  });
});

describe('handshake (BEP 3)', () => {
  const infoHash = hex('0123456789abcdef0123456789abcdef01234567');
  const peerId = new TextEncoder().encode('-SD0100-abcdefghijkl');
  // 0x13 "BitTorrent protocol" reserved(8) info_hash(20) peer_id(20)
  const wire =
    '13' + Buffer.from('BitTorrent protocol').toString('hex') + '0000000000100005' + toHex(infoHash) + toHex(peerId);

  it('encodes the exact 68 bytes with BEP 6/10/52 reserved bits', () => {
    const reserved = makeReserved({ fast: true, extended: true, v2: true, dht: true });
    // reserved[5] = 0x10 (BEP 10); reserved[7] = 0x04 | 0x10 | 0x01 (BEP 6, BEP 52, BEP 5).
    expect(toHex(reserved)).toBe('0000000000100015');
    const bytes = encodeHandshake({ reserved: hex('0000000000100005'), infoHash, peerId });
    expect(bytes.length).toBe(68);
    expect(toHex(bytes)).toBe(wire);
  });

  it('decodes and reads the reserved bits', () => {
    const hs = decodeHandshake(hex(wire));
    expect(hs.infoHash).toEqual(infoHash);
    expect(hs.peerId).toEqual(peerId);
    expect(supportsFast(hs.reserved)).toBe(true);
    expect(supportsExtended(hs.reserved)).toBe(true);
    expect(supportsV2(hs.reserved)).toBe(false);
    expect(readReserved(hex('0000000000000010'))).toEqual({ fast: false, extended: false, v2: true, dht: false });
  });

  it('rejects a bad pstr with WIRE_BAD_HANDSHAKE', () => {
    const bad = hex(wire);
    bad[5] = 0x78;
    expect(() => decodeHandshake(bad)).toThrow(expect.objectContaining({ code: 'WIRE_BAD_HANDSHAKE' }));
  });
});
