/** @module wire/frame-decoder.test — tests. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode.js';
import { FrameDecoder, type FrameDecoderOptions } from './frame-decoder.js';
import { encodeHandshake, makeReserved } from './handshake.js';
import type { WireMessage, WireMessageOf } from './messages.js';
import { decodeBody } from './decode-message.js';
import { resolveLimits } from './limits.js';
import { PeerSession } from './peer-session.js';

const infoHash = new Uint8Array(20).fill(0x11);
const peerId = new Uint8Array(20).fill(0x22);
const geometry = { pieceCount: 12, pieceLength: 32768, totalLength: 11 * 32768 + 1000 };

function block(seed: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}

/** A realistic opening: handshake, BEP 10 handshake, bitfield, unchoke, pieces, haves, keep-alive. */
const messages: WireMessage[] = [
  { type: 'handshake', reserved: makeReserved({ fast: true, extended: true }), infoHash, peerId },
  { type: 'extended', extId: 0, payload: new TextEncoder().encode('d1:md11:ut_metadatai3ee13:metadata_sizei31235ee') },
  { type: 'bitfield', bits: new Uint8Array([0xff, 0xf0]) },
  { type: 'unchoke' },
  { type: 'piece', index: 0, begin: 0, block: block(1, 16384) },
  { type: 'piece', index: 0, begin: 16384, block: block(2, 3000) },
  { type: 'have', index: 3 },
  { type: 'piece', index: 11, begin: 0, block: block(3, 1000) },
  { type: 'keep-alive' },
  { type: 'have', index: 11 },
  { type: 'request', index: 4, begin: 16384, length: 16384 },
  { type: 'port', port: 51413 },
];
const stream = concat(messages.map(encodeMessage));
// An unknown extension message (id 99) in the middle must be skipped.
const withUnknown = concat([stream.subarray(0, 68), new Uint8Array([0, 0, 0, 4, 99, 1, 2, 3]), stream.subarray(68)]);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Byte-exact fingerprint of a message list: cheap to compare (memcmp), unlike deep equality of 16 KiB arrays. */
function wireBytes(msgs: WireMessage[]): Buffer {
  return Buffer.from(concat(msgs.map(encodeMessage)));
}
const expectedBytes = wireBytes(messages);

function decodeChunks(chunks: Uint8Array[], options: FrameDecoderOptions = { geometry }): WireMessage[] {
  const d = new FrameDecoder(options);
  return chunks.flatMap((c) => d.push(c));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/**
 * Decodes `src` in chunks of `size` bytes through ONE reused chunk buffer, as a borrowed transport
 * read does, encoding each push's messages before the next push (the chunksReused contract).
 */
function decodeThroughReusedChunk(src: Uint8Array, size: number): { bytes: Buffer; memories: Set<ArrayBufferLike> } {
  const d = new FrameDecoder({ geometry, chunksReused: true });
  const chunk = new Uint8Array(size);
  const parts: Uint8Array[] = [];
  const memories = new Set<ArrayBufferLike>();
  for (let off = 0; off < src.length; off += size) {
    const n = Math.min(size, src.length - off);
    chunk.set(src.subarray(off, off + n));
    const out = d.push(chunk.subarray(0, n));
    for (const m of out) if (m.type === 'piece' && m.block.buffer !== chunk.buffer) memories.add(m.block.buffer);
    parts.push(...out.map(encodeMessage));
    chunk.fill(0xee); // the transport reuses the memory
  }
  return { bytes: Buffer.from(concat(parts)), memories };
}

describe('FrameDecoder', () => {
  it('chunksReused: exact messages through one reused chunk, split pieces assembled in two reused buffers', () => {
    const pieces: WireMessage[] = Array.from({ length: 40 }, (_, i) => ({ type: 'piece', index: i % 11, begin: 0, block: block(i, 16384) }));
    const all = [...messages, ...pieces];
    const src = concat(all.map(encodeMessage));
    for (const size of [7, 1000, 16397, 65536]) {
      const { bytes, memories } = decodeThroughReusedChunk(src, size);
      expect(bytes.equals(wireBytes(all)), `chunk ${size}`).toBe(true);
      expect(memories.size, `chunk ${size}`).toBeLessThanOrEqual(2);
    }
  });

  it('chunksReused: frames other than piece do not alias the chunk', () => {
    const chunk = stream.slice();
    const out = new FrameDecoder({ geometry, chunksReused: true }).push(chunk);
    chunk.fill(0);
    expect(wireBytes(out.filter((m) => m.type !== 'piece')).equals(wireBytes(messages.filter((m) => m.type !== 'piece')))).toBe(true);
    const piece = out[4];
    expect(piece?.type === 'piece' && piece.block.buffer === chunk.buffer).toBe(true);
  });

  it('decodes the stream in one chunk, pieces as views of the chunk', () => {
    const out = decodeChunks([stream]);
    expect(out).toEqual(messages);
    const piece = out[4];
    expect(piece?.type === 'piece' && piece.block.buffer === stream.buffer).toBe(true);
  });

  it('yields the same messages when split at every offset into two parts', () => {
    for (let cut = 0; cut <= withUnknown.length; cut++) {
      const out = decodeChunks([withUnknown.subarray(0, cut), withUnknown.subarray(cut)]);
      if (out.length !== messages.length || !wireBytes(out).equals(expectedBytes)) {
        expect.fail(`split at ${cut} decoded differently`);
      }
    }
  });

  it('yields the same messages for random chunk sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const chunks: Uint8Array[] = [];
        let o = 0;
        for (let i = 0; o < withUnknown.length; i++) {
          const s = sizes[i % sizes.length]!;
          chunks.push(withUnknown.subarray(o, o + s));
          o += s;
        }
        const out = decodeChunks(chunks);
        expect(out.map((m) => m.type)).toEqual(messages.map((m) => m.type));
        expect(wireBytes(out).equals(expectedBytes)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('per-block messages decoded in place equal what decodeBody makes (unsigned fields, piece block a view)', () => {
    const big = 0xfffffff0; // above 2^31: must read as unsigned
    const msgs: WireMessage[] = [
      { type: 'piece', index: 2, begin: 16384, block: block(9, 500) },
      { type: 'request', index: big, begin: 16384, length: 16384 },
      { type: 'have', index: big },
      { type: 'cancel', index: 7, begin: 32768, length: 100 },
      { type: 'reject', index: 1, begin: 0, length: 16384 },
    ];
    for (const chunksReused of [false, true]) {
      const chunk = concat(msgs.map(encodeMessage));
      const got = new FrameDecoder({ expectHandshake: false, chunksReused }).push(chunk);
      const want = msgs.map((m) => decodeBody(encodeMessage(m).subarray(4), resolveLimits()));
      expect(got).toEqual(want);
      const piece = got[0] as WireMessageOf<'piece'>;
      expect(piece.block.buffer).toBe(chunk.buffer); // zero copy
      expect(piece.block.byteOffset).toBe(4 + 9);
    }
  });

  it('byte-at-a-time works and counts the skipped unknown frame', () => {
    const d = new FrameDecoder({ geometry });
    const out: WireMessage[] = [];
    for (let i = 0; i < withUnknown.length; i++) out.push(...d.push(withUnknown.subarray(i, i + 1)));
    expect(wireBytes(out).equals(expectedBytes)).toBe(true);
    expect(d.skippedFrames).toBe(1);
    expect(d.state).toBe('length');
  });
});

describe('FrameDecoder limits', () => {
  const hs = encodeHandshake({ reserved: new Uint8Array(8), infoHash, peerId });
  const afterHandshake = (bytes: number[], options: FrameDecoderOptions = { geometry }): string | undefined => {
    const d = new FrameDecoder(options);
    d.push(hs);
    return codeOf(() => d.push(new Uint8Array(bytes)));
  };

  it('refuses a 2 GiB length prefix from the 4 prefix bytes alone', () => {
    const d = new FrameDecoder();
    d.push(hs);
    expect(codeOf(() => d.push(new Uint8Array([0x80, 0, 0, 0])))).toBe('WIRE_FRAME_TOO_LARGE');
    expect(d.state).toBe('failed');
    // Stays failed: further input rethrows the same error.
    expect(codeOf(() => d.push(new Uint8Array([0])))).toBe('WIRE_FRAME_TOO_LARGE');
  });

  it('refuses an oversized piece as soon as its id byte arrives', () => {
    // length 0x4000 + 10 (one byte more than a 16 KiB block), then only the id.
    expect(afterHandshake([0, 0, 0x40, 0x0a, 7])).toBe('WIRE_FRAME_TOO_LARGE');
  });

  it('refuses a fixed-size message with the wrong length', () => {
    expect(afterHandshake([0, 0, 0, 4, 4, 0, 0, 0])).toBe('WIRE_BAD_LENGTH');
  });

  it('refuses a request for more than 16 KiB', () => {
    expect(afterHandshake([0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0x01])).toBe('WIRE_BAD_REQUEST');
    expect(afterHandshake([0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0x00])).toBeUndefined();
  });

  it('refuses a block range past the end of its piece (last piece is 1000 bytes)', () => {
    expect(afterHandshake([0, 0, 0, 13, 6, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0x03, 0xe9])).toBe('WIRE_BAD_REQUEST');
    expect(afterHandshake([0, 0, 0, 13, 6, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0x03, 0xe8])).toBeUndefined();
  });

  it('refuses a bitfield of the wrong length', () => {
    expect(afterHandshake([0, 0, 0, 2, 5, 0xff])).toBe('WIRE_BAD_BITFIELD');
    expect(afterHandshake([0, 0, 0, 4, 5, 0xff, 0xf0, 0])).toBe('WIRE_BAD_BITFIELD');
  });

  it('refuses a bitfield with spare bits set', () => {
    expect(afterHandshake([0, 0, 0, 3, 5, 0xff, 0xf8])).toBe('WIRE_BAD_BITFIELD');
  });

  it('refuses piece indices out of range', () => {
    expect(afterHandshake([0, 0, 0, 5, 4, 0, 0, 0, 12])).toBe('WIRE_INDEX_OUT_OF_RANGE');
    expect(afterHandshake([0, 0, 0, 5, 4, 0, 0, 0, 11])).toBeUndefined();
  });

  it('bounds bitfields and skipped frames even without geometry', () => {
    const opts = { limits: { maxBitfieldBytes: 4, maxFrameLength: 1000 } };
    expect(afterHandshake([0, 0, 0, 6, 5, 1, 2, 3, 4, 5], opts)).toBe('WIRE_FRAME_TOO_LARGE');
    expect(afterHandshake([0, 0, 0x03, 0xe9, 99], opts)).toBe('WIRE_FRAME_TOO_LARGE');
    expect(afterHandshake([0, 0, 0x03, 0xe8, 99], opts)).toBeUndefined();
  });

  it('refuses a bad pstr at the first wrong byte', () => {
    expect(codeOf(() => new FrameDecoder().push(new Uint8Array([18])))).toBe('WIRE_BAD_HANDSHAKE');
    expect(codeOf(() => new FrameDecoder().push(new TextEncoder().encode('\x13BitTorrent Protocol')))).toBe('WIRE_BAD_HANDSHAKE');
    expect(codeOf(() => new FrameDecoder().push(new TextEncoder().encode('GET / HTTP/1.1\r\n')))).toBe('WIRE_BAD_HANDSHAKE');
  });

  it('refuses an info-hash we do not serve', () => {
    const other = new Uint8Array(20).fill(0x33);
    expect(codeOf(() => new FrameDecoder({ infoHashes: [other] }).push(hs))).toBe('WIRE_INFO_HASH_MISMATCH');
    expect(new FrameDecoder({ infoHashes: [other, infoHash] }).push(hs)[0]?.type).toBe('handshake');
  });
});

describe('FrameDecoder fuzz', () => {
  it('random bytes after a handshake give messages or a WireProtocolError, nothing else', () => {
    const hs = encodeHandshake({ reserved: new Uint8Array(8), infoHash, peerId });
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { maxLength: 8 }),
        fc.boolean(),
        (chunks, withGeometry) => {
          const d = new FrameDecoder(withGeometry ? { geometry } : { limits: { maxFrameLength: 70000 } });
          d.push(hs);
          try {
            for (const c of chunks) for (const m of d.push(c)) expect(typeof m.type).toBe('string');
          } catch (err) {
            expect((err as Error).name).toBe('WireProtocolError');
            expect(String((err as { code?: unknown }).code)).toMatch(/^WIRE_/);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random frames with plausible length prefixes, through decoder and session, fail only typed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.uint8Array({ maxLength: 60 }))),
        (frames) => {
          const d = new FrameDecoder({ expectHandshake: false, geometry });
          // Through the session too: the decoder's output must never crash layer 3 either.
          const session = new PeerSession({ geometry });
          session.receive({ type: 'handshake', reserved: makeReserved({ fast: true, extended: true }), infoHash, peerId }, 0);
          const parts = frames.map(([id, payload]) => concat([u32(payload.length + 1), new Uint8Array([id]), payload]));
          try {
            for (const m of d.push(concat(parts))) session.receive(m, 1);
          } catch (err) {
            expect((err as Error).name).toBe('WireProtocolError');
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}
