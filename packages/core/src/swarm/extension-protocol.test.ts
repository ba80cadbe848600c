/** @module swarm/extension-protocol.test — BEP 10 handshake and BEP 9 ut_metadata payloads, hostile inputs included. */
import { describe, expect, it } from 'vitest';
import { encode } from '../bencode/encode.js';
import {
  decodeExtensionHandshake,
  decodeMetadataMessage,
  encodeExtensionHandshake,
  encodeMetadataMessage,
  MetadataMsgType,
  UT_METADATA_LOCAL_ID,
} from './extension-protocol.js';

const MAX = 8 * 1024 * 1024;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('BEP 10 extension handshake', () => {
  it('round-trips our handshake', () => {
    const bytes = encodeExtensionHandshake({ metadataSize: 1234, reqq: 256, client: 'Seedling 0.1.0', port: 6881 });
    expect(new TextDecoder().decode(bytes)).toBe('d1:md11:ut_metadatai1ee13:metadata_sizei1234e1:pi6881e4:reqqi256e1:v14:Seedling 0.1.0e');
    expect(decodeExtensionHandshake(bytes, MAX)).toEqual({ utMetadata: UT_METADATA_LOCAL_ID, metadataSize: 1234, reqq: 256, client: 'Seedling 0.1.0', listenPort: 6881 });
  });

  it('reads a libtorrent-style handshake and ignores unknown keys', () => {
    const bytes = encode({ m: { ut_metadata: 3, ut_pex: 1, lt_donthave: 7 }, metadata_size: 31235, reqq: 500, v: 'libtorrent 2.0.8', yourip: new Uint8Array([127, 0, 0, 1]) });
    expect(decodeExtensionHandshake(bytes, MAX)).toEqual({ utMetadata: 3, metadataSize: 31235, reqq: 500, client: 'libtorrent 2.0.8' });
  });

  it('keeps the listen port `p` (BEP 10) and ignores one out of range', () => {
    expect(decodeExtensionHandshake(encode({ m: {}, p: 51413 }), MAX).listenPort).toBe(51413);
    expect(decodeExtensionHandshake(encode({ m: {}, p: 70000 }), MAX).listenPort).toBeUndefined();
    expect(decodeExtensionHandshake(encode({ m: {}, p: 0 }), MAX).listenPort).toBeUndefined();
  });

  it('refuses hostile values with typed errors', () => {
    const tooBig = encode({ m: { ut_metadata: 1 }, metadata_size: MAX + 1 });
    expect(() => decodeExtensionHandshake(tooBig, MAX)).toThrow(expect.objectContaining({ code: 'WIRE_METADATA_TOO_LARGE' }));
    expect(() => decodeExtensionHandshake(encode({ m: {}, metadata_size: -5 }), MAX)).toThrow(expect.objectContaining({ code: 'WIRE_BAD_EXTENDED' }));
    expect(() => decodeExtensionHandshake(ascii('li1ee'), MAX)).toThrow(expect.objectContaining({ code: 'WIRE_BAD_EXTENDED' }));
    expect(() => decodeExtensionHandshake(ascii('d1:m'), MAX)).toThrow(expect.objectContaining({ code: 'WIRE_BAD_EXTENDED' }));
    // An out-of-range extension id is ignored rather than trusted.
    expect(decodeExtensionHandshake(encode({ m: { ut_metadata: 300 } }), MAX).utMetadata).toBeUndefined();
  });
});

describe('BEP 9 ut_metadata messages', () => {
  it('round-trips a data message with its piece after the dict', () => {
    const data = new Uint8Array([1, 2, 3, 0x65, 0x65]); // bytes that look like bencode "ee"
    const totalSize = 2 * 16384 + data.length; // piece 2 is the 5-byte tail
    const bytes = encodeMetadataMessage({ msgType: MetadataMsgType.Data, piece: 2, totalSize, data });
    expect(decodeMetadataMessage(bytes)).toEqual({ msgType: 1, piece: 2, totalSize, data });
    // A data piece of the wrong length is refused (BEP 9: pieces are 16 KiB but the last).
    const short = encodeMetadataMessage({ msgType: MetadataMsgType.Data, piece: 0, totalSize, data });
    expect(() => decodeMetadataMessage(short)).toThrow(expect.objectContaining({ code: 'WIRE_BAD_EXTENDED' }));
  });

  it('decodes requests and rejects (BEP 9 example)', () => {
    expect(decodeMetadataMessage(ascii('d8:msg_typei0e5:piecei0ee'))).toEqual({ msgType: 0, piece: 0 });
    expect(decodeMetadataMessage(ascii('d8:msg_typei2e5:piecei3ee'))).toEqual({ msgType: 2, piece: 3 });
  });

  it('refuses malformed payloads with WIRE_BAD_EXTENDED', () => {
    for (const bad of ['', 'd8:msg_typei0e', 'd5:piecei0ee', 'i42e', 'd8:msg_typei0e5:piecei-1ee', 'd99999999999:xe', 'lllllllllllllllllllllllllll']) {
      expect(() => decodeMetadataMessage(ascii(bad)), bad).toThrow(expect.objectContaining({ code: 'WIRE_BAD_EXTENDED' }));
    }
  });
});
