import { describe, expect, it } from 'vitest';
import { encodeWsFrameHeader, WsFrameHeaderReader } from './ws-frame-header.js';

/** Feeds `bytes` to a reader in pieces of `step` bytes; returns the parsed header and how many bytes it consumed. */
function readInSteps(bytes: Buffer, step: number): { header: ReturnType<WsFrameHeaderReader['header']>; consumed: number; raw: Buffer } {
  const r = new WsFrameHeaderReader();
  let consumed = 0;
  for (let at = 0; at < bytes.length && !r.complete; at += step) {
    const chunk = bytes.subarray(at, Math.min(at + step, bytes.length));
    consumed += r.read(chunk, 0);
  }
  expect(r.complete).toBe(true);
  return { header: r.header(), consumed, raw: Buffer.from(r.raw()) };
}

describe('WsFrameHeaderReader / encodeWsFrameHeader (RFC 6455 §5.2)', () => {
  const key = Buffer.from([0x9e, 0x37, 0x79, 0xb9]);
  const cases: [boolean, number, number, Buffer | undefined, number][] = [
    [true, 2, 0, undefined, 2],
    [true, 2, 125, undefined, 2],
    [false, 0, 126, undefined, 4],
    [true, 2, 65_535, key, 8],
    [true, 2, 65_536, undefined, 10],
    [true, 2, 1_049_600, key, 14],
    [true, 9, 5, key, 6],
    [true, 2, 2 ** 40 + 7, undefined, 10],
  ];
  for (const [fin, opcode, length, k, size] of cases) {
    it(`round-trips fin=${fin} opcode=${opcode} length=${length} ${k ? 'masked' : 'unmasked'}, split at every step`, () => {
      const h = encodeWsFrameHeader(fin, opcode, length, k);
      expect(h.length).toBe(size);
      const payloadStart = Buffer.from([0xaa, 0xbb, 0xcc]); // bytes after the header are not consumed
      const bytes = Buffer.concat([h, payloadStart]);
      for (let step = 1; step <= bytes.length; step++) {
        const { header, consumed, raw } = readInSteps(bytes, step);
        expect(raw.equals(h)).toBe(true);
        expect(consumed).toBe(size);
        expect(header).toEqual({ fin, rsv: 0, opcode, masked: k !== undefined, length, maskOffset: size - (k ? 4 : 0) });
        if (k) expect(raw.subarray(header.maskOffset, header.maskOffset + 4).equals(k)).toBe(true);
      }
    });
  }

  it('reports RSV bits and a 64-bit length past 2^53 as Infinity', () => {
    const r = new WsFrameHeaderReader();
    const h = Buffer.from([0xc2, 127, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1]);
    expect(r.read(h, 0)).toBe(10);
    expect(r.header()).toMatchObject({ rsv: 0x40, length: Number.POSITIVE_INFINITY });
  });

  it('reads the next header after reset, starting mid-chunk', () => {
    const a = encodeWsFrameHeader(true, 2, 300);
    const b = encodeWsFrameHeader(false, 0, 70_000, key);
    const chunk = Buffer.concat([a, b]);
    const r = new WsFrameHeaderReader();
    const off = r.read(chunk, 0);
    expect(off).toBe(a.length);
    expect(r.header().length).toBe(300);
    r.reset();
    expect(r.complete).toBe(false);
    expect(r.read(chunk, off)).toBe(chunk.length);
    expect(r.header()).toMatchObject({ fin: false, opcode: 0, masked: true, length: 70_000 });
  });
});
