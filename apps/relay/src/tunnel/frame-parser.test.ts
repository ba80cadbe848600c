/** @module tunnel/frame-parser.test — client frames read off a byte stream (RFC 6455 §5.2), in any chunking. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DataFrame, FrameParser, serverFrameHeader } from './frame-parser.js';

/** A client frame: masked with a random key unless `mask` is false. */
function clientFrame(opcode: number, payload: Buffer, { fin = true, mask = true, rsv = 0 } = {}): Buffer {
  const len = payload.length;
  const ext = len < 126 ? Buffer.alloc(0) : len < 65536 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (len >= 126 && len < 65536) ext.writeUInt16BE(len);
  if (len >= 65536) ext.writeUInt32BE(len, 4);
  const b1 = (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= key[i & 3]!;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | rsv | opcode, b1]), ext, key, body]);
}

function collect(maxMessage = 1 << 20, admit: (n: number) => boolean = () => true, acceptUnmasked = false) {
  const frames: Array<{ fin: boolean; opcode: number; payload: Buffer }> = [];
  const controls: Buffer[] = [];
  const handed: Buffer[] = [];
  const oversized: number[] = [];
  const parser = new FrameParser(
    {
      begin: admit,
      data: (f: DataFrame) => frames.push({ fin: f.fin, opcode: f.opcode, payload: Buffer.concat(f.pieces, f.length) }),
      control: (raw) => controls.push(raw),
      handOver: (rest) => handed.push(rest),
      oversize: () => oversized.push(frames.length),
    },
    maxMessage,
    undefined,
    acceptUnmasked,
  );
  return { parser, frames, controls, handed, oversized };
}

function feed(parser: FrameParser, bytes: Buffer, chunk: number): void {
  for (let o = 0; o < bytes.length; o += chunk) parser.push(Buffer.from(bytes.subarray(o, o + chunk)));
}

describe('FrameParser', () => {
  it('unmasks binary frames of every length encoding, whatever the chunking', () => {
    const payloads = [0, 1, 125, 126, 65535, 65536, 300_001].map((n) => randomBytes(n));
    const stream = Buffer.concat(payloads.map((p) => clientFrame(2, p)));
    // odd chunk sizes over 1 KiB: pieces unmasked by the wasm kernel start at every payload offset mod 4
    for (const chunk of [1, 3, 7, 1027, 4096, 4099, 65536, 65537, stream.length]) {
      const { parser, frames, handed } = collect();
      feed(parser, stream, chunk);
      expect(handed).toEqual([]);
      expect(frames.map((f) => f.payload.toString('hex'))).toEqual(payloads.map((p) => p.toString('hex')));
    }
  });

  it('forwards fragments with their opcodes and hands interleaved control frames to ws untouched', () => {
    const ping = clientFrame(9, Buffer.from('hi'));
    const close = clientFrame(8, Buffer.from([0x03, 0xe8]));
    const a = randomBytes(1000);
    const b = randomBytes(70_000);
    const stream = Buffer.concat([clientFrame(2, a, { fin: false }), ping, clientFrame(0, b), close]);
    const { parser, frames, controls, handed } = collect();
    feed(parser, stream, 999);
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.length])).toEqual([[2, false, 1000], [0, true, 70_000]]);
    expect(Buffer.concat([frames[0]!.payload, frames[1]!.payload]).equals(Buffer.concat([a, b]))).toBe(true);
    expect(controls).toEqual([ping, close]);
    expect(handed).toEqual([]);
  });

  it('reports a message that grows past the limit, at the header of the frame that crosses it', () => {
    const { parser, frames, oversized } = collect(1000);
    feed(parser, Buffer.concat([clientFrame(2, randomBytes(600), { fin: false }), clientFrame(0, randomBytes(400), { fin: false }), clientFrame(0, randomBytes(1))]), 100);
    expect(oversized).toEqual([2]);
    expect(frames.length).toBe(3); // dropping them is the sink's job
  });

  it('hands text, unmasked, RSV, stray continuation and oversized control frames (and all after) to ws', () => {
    const data = clientFrame(2, randomBytes(10));
    const bad = [
      clientFrame(1, Buffer.from('{"v":1}')),
      clientFrame(2, Buffer.from('x'), { mask: false }),
      clientFrame(2, Buffer.from('x'), { rsv: 0x40 }),
      clientFrame(0, Buffer.from('x')),
      clientFrame(9, randomBytes(126)),
    ];
    for (const b of bad) {
      const { parser, frames, handed } = collect(1024);
      const after = randomBytes(50);
      feed(parser, Buffer.concat([data, b]), 5);
      parser.push(after);
      expect(frames.length).toBe(1);
      expect(Buffer.concat(handed).equals(Buffer.concat([b, after]))).toBe(true);
    }
  });

  it('stops when a frame is refused at its header (byte cap), before reading its payload', () => {
    const { parser, frames } = collect(1 << 20, (n) => n < 100);
    feed(parser, Buffer.concat([clientFrame(2, randomBytes(50)), clientFrame(2, randomBytes(200)), clientFrame(2, randomBytes(10))]), 64);
    expect(frames.map((f) => f.payload.length)).toEqual([50]);
  });

  it('keeps bytes unparsed while paused and parses them on resume, in order', () => {
    const p = [randomBytes(10), randomBytes(20), randomBytes(30)];
    const { parser, frames } = collect();
    parser.push(clientFrame(2, p[0]!));
    parser.paused = true;
    parser.push(Buffer.concat([clientFrame(2, p[1]!), clientFrame(2, p[2]!)]));
    expect(frames.length).toBe(1);
    expect(parser.resume()).toBe(true);
    expect(frames.map((f) => f.payload.toString('hex'))).toEqual(p.map((x) => x.toString('hex')));
  });

  it('a sink that pauses after every frame gets one frame per resume, in order, across chunks received while paused', () => {
    const p = Array.from({ length: 6 }, (_, i) => randomBytes(100 + i));
    const frames: Buffer[] = [];
    const parser: FrameParser = new FrameParser(
      {
        begin: () => true,
        data: (f) => {
          frames.push(Buffer.concat(f.pieces, f.length));
          parser.paused = true;
        },
        control: () => undefined,
        handOver: () => undefined,
        oversize: () => undefined,
      },
      1 << 20,
    );
    const stream = Buffer.concat(p.map((x) => clientFrame(2, x)));
    feed(parser, stream, 150); // the first frame pauses; the other chunks wait
    expect(frames.length).toBe(1);
    for (let i = 2; i <= 6; i++) {
      expect(parser.resume()).toBe(false);
      expect(frames.length).toBe(i);
    }
    expect(parser.resume()).toBe(true);
    expect(frames.map((f) => f.toString('hex'))).toEqual(p.map((x) => x.toString('hex')));
  });

  it('writes server frame headers unmasked with the shortest length encoding', () => {
    expect([...serverFrameHeader(true, 2, 5)]).toEqual([0x82, 5]);
    expect([...serverFrameHeader(false, 0, 126)]).toEqual([0x00, 126, 0, 126]);
    expect([...serverFrameHeader(true, 2, 65536)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('with unmasked frames accepted: takes unmasked data frames as they are, masked ones unmasked, and still hands unmasked control frames to ws', () => {
    const a = randomBytes(70_000);
    const b = randomBytes(1000);
    const c = randomBytes(10);
    const stream = Buffer.concat([clientFrame(2, a, { mask: false, fin: false }), clientFrame(0, b), clientFrame(2, c, { mask: false })]);
    for (const chunk of [1, 7, 4099, stream.length]) {
      const { parser, frames, handed } = collect(1 << 20, () => true, true);
      feed(parser, stream, chunk);
      expect(handed).toEqual([]);
      expect(frames.map((f) => [f.fin, f.opcode, f.payload.toString('hex')])).toEqual([
        [false, 2, a.toString('hex')],
        [true, 0, b.toString('hex')],
        [true, 2, c.toString('hex')],
      ]);
    }
    const ping = clientFrame(9, Buffer.from('hi'), { mask: false });
    const { parser, frames, handed } = collect(1 << 20, () => true, true);
    parser.push(Buffer.concat([clientFrame(2, c, { mask: false }), ping]));
    expect(frames).toHaveLength(1);
    expect(Buffer.concat(handed).equals(ping)).toBe(true); // ws fails it (1002)
    // Not accepted (the default): the first unmasked data frame goes to ws with the rest.
    const off = collect();
    off.parser.push(clientFrame(2, c, { mask: false }));
    expect(off.frames).toEqual([]);
    expect(off.handed).toHaveLength(1);
  });
});
