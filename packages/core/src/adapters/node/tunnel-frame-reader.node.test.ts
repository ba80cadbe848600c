/**
 * @module adapters/node/tunnel-frame-reader.node.test — records cut out of server frames read in
 * arbitrary chunks: split headers, records across continuation frames, control frames between
 * fragments go to `ws`, framing errors, and what is handed to `ws` unread.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordType, writeRecordHeader } from '../../tunnel/record.js';
import { TunnelFrameReader } from './tunnel-frame-reader.js';

/** An unmasked server frame (RFC 6455 §5.2). */
function frame(opcode: number, payload: Uint8Array, fin = true, extraByte0 = 0): Buffer {
  const n = payload.length;
  const ext = n < 126 ? 0 : n < 0x1_0000 ? 2 : 8;
  const h = Buffer.alloc(2 + ext);
  h[0] = (fin ? 0x80 : 0) | extraByte0 | opcode;
  if (ext === 0) h[1] = n;
  else if (ext === 2) {
    h[1] = 126;
    h.writeUInt16BE(n, 2);
  } else {
    h[1] = 127;
    h.writeUInt32BE(n, 6);
  }
  return Buffer.concat([h, payload]);
}

function record(type: number, body: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + body.length);
  writeRecordHeader(out, 0, type as 1, body.length);
  out.set(body, 4);
  return out;
}

/** Hex digests (deep equality of large buffers is slow). */
const digests = (bufs: Buffer[]): string[] => bufs.map((b) => createHash('sha256').update(b).digest('hex'));

function collect(maxBody = 300_000) {
  const got = { records: [] as Buffer[], errors: [] as Error[], control: [] as Buffer[], handed: [] as Buffer[] };
  const reader = new TunnelFrameReader(
    {
      record: (header, body) => got.records.push(Buffer.concat([header, ...body])),
      error: (err) => got.errors.push(err),
      control: (raw) => got.control.push(raw),
      handOver: (rest) => got.handed.push(rest),
    },
    maxBody,
  );
  return { reader, got };
}

/** Feeds `bytes` in chunks of the given sizes (cycled), each chunk a separate Buffer. */
function feed(reader: TunnelFrameReader, bytes: Buffer, sizes: number[]): void {
  for (let o = 0, i = 0; o < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    reader.push(Buffer.from(bytes.subarray(o, o + n)));
    o += n;
  }
}

describe('TunnelFrameReader', () => {
  const records = [record(RecordType.DATA, randomBytes(70_000)), record(RecordType.WINDOW, randomBytes(20)), record(RecordType.DATA, randomBytes(17)), record(RecordType.FIN, randomBytes(16))];
  const message = Buffer.concat(records);

  for (const sizes of [[1], [3, 7], [65_536], [message.length + 100], [4096, 1, 13]]) {
    it(`cuts records out of one message read in chunks of ${sizes.join(', ')}`, () => {
      const { reader, got } = collect();
      feed(reader, frame(2, message), sizes);
      expect(got.errors).toEqual([]);
      expect(digests(got.records)).toEqual(digests(records));
    });
  }

  it('random streams: records in messages, messages in random fragments with pings between them, random reads', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 20; round++) {
      const sent: Buffer[] = [];
      const pings: Buffer[] = [];
      const wire: Buffer[] = [];
      for (let m = 0, count = 1 + rand(6); m < count; m++) {
        const recs = Array.from({ length: 1 + rand(5) }, () => record(RecordType.DATA, randomBytes(16 + rand(rand(2) ? 300_000 : 40))));
        sent.push(...recs);
        const msg = Buffer.concat(recs);
        for (let o = 0; o < msg.length; ) {
          const n = Math.min(msg.length - o, 1 + rand(rand(2) ? 200_000 : 100));
          wire.push(frame(o === 0 ? 2 : 0, msg.subarray(o, o + n), o + n === msg.length));
          o += n;
          if (rand(4) === 0) {
            pings.push(frame(9, randomBytes(rand(126))));
            wire.push(pings[pings.length - 1]!);
          }
        }
      }
      const { reader, got } = collect();
      feed(reader, Buffer.concat(wire), [1 + rand(70_000), 1 + rand(10), 65_536]);
      expect(got.errors).toEqual([]);
      expect(got.handed).toEqual([]);
      expect(digests(got.records)).toEqual(digests(sent));
      expect(digests(got.control)).toEqual(digests(pings));
    }
  });

  it('reads records spanning continuation frames, and gives a ping between fragments to ws whole', () => {
    const { reader, got } = collect();
    const ping = frame(9, Buffer.from('hi'));
    const bytes = Buffer.concat([frame(2, message.subarray(0, 5000), false), ping, frame(0, message.subarray(5000, 70_010), false), frame(0, message.subarray(70_010))]);
    feed(reader, bytes, [999]);
    expect(digests(got.records)).toEqual(digests(records));
    expect(got.control).toEqual([ping]);
    expect(got.errors).toEqual([]);
  });

  it('fails when a record crosses the end of a message, and drops later data but still passes control frames', () => {
    const { reader, got } = collect();
    const close = frame(8, Buffer.from([0x03, 0xe8]));
    feed(reader, Buffer.concat([frame(2, message.subarray(0, 100)), frame(2, message.subarray(100)), close]), [50]);
    expect(got.errors.map((e) => (e as { code?: string }).code)).toEqual(['PROTOCOL_ERROR']);
    expect(got.records).toEqual([]);
    expect(got.control).toEqual([close]);
  });

  it('fails on an unknown record type and on a record larger than the limit', () => {
    for (const [bytes, max] of [
      [record(0x7f, randomBytes(20)), 1000],
      [record(RecordType.DATA, randomBytes(2000)), 1000],
    ] as const) {
      const { reader, got } = collect(max);
      reader.push(frame(2, bytes));
      expect(got.errors).toHaveLength(1);
      expect(got.records).toEqual([]);
    }
  });

  it('hands text, masked, RSV and out-of-order frames to ws with everything after them', () => {
    const masked = frame(2, record(RecordType.DATA, randomBytes(20)));
    masked[1]! |= 0x80;
    const cases = [frame(1, Buffer.from('{}')), masked, frame(2, record(RecordType.DATA, randomBytes(20)), true, 0x40), frame(0, record(RecordType.DATA, randomBytes(20)))];
    for (const bad of cases) {
      const { reader, got } = collect();
      const later = frame(2, records[1]!);
      reader.push(Buffer.concat([frame(2, records[2]!), bad]));
      reader.push(later);
      expect(got.records).toEqual([records[2]]);
      expect(Buffer.concat(got.handed)).toEqual(Buffer.concat([bad, later]));
    }
  });
});

describe('TunnelFrameReader with read buffers it must retain (slabs)', () => {
  it('merges a body read in adjacent chunks of one buffer into one slice, keeps others apart, and releases every retained slice once', () => {
    const body = randomBytes(200_000);
    const msg = frame(2, Buffer.concat([record(RecordType.DATA, body), record(RecordType.DATA, body.subarray(0, 5000))]));
    const held = new Map<ArrayBufferLike, number>();
    const bodies: Buffer[][] = [];
    const reader = new TunnelFrameReader(
      {
        record: (_h, b) => bodies.push(b.map((p) => Buffer.from(p))),
        error: (err) => {
          throw err;
        },
        control: () => undefined,
        handOver: () => undefined,
      },
      300_000,
      {
        retain: (b) => held.set(b.buffer, (held.get(b.buffer) ?? 0) + 1),
        release: (b) => held.set(b.buffer, (held.get(b.buffer) ?? 0) - 1),
      },
    );
    // First half: chunks that are consecutive views of one buffer (as reads into a slab are);
    // second half: separate copies (as fresh per-read buffers are).
    const slab = Buffer.from(msg);
    const half = 100_000;
    for (let o = 0; o < half; o += 30_000) reader.push(slab.subarray(o, Math.min(o + 30_000, half)));
    for (let o = half; o < msg.length; o += 30_000) reader.push(Buffer.from(msg.subarray(o, Math.min(o + 30_000, msg.length))));
    expect(bodies.length).toBe(2);
    expect(Buffer.concat(bodies[0]!).equals(body)).toBe(true);
    expect(Buffer.concat(bodies[1]!).equals(body.subarray(0, 5000))).toBe(true);
    // One slice for the adjacent part (up to byte 100,000), then one per separate chunk.
    expect(bodies[0]!.length).toBe(1 + Math.ceil((200_004 + 10 - half) / 30_000));
    expect([...held.values()].every((n) => n === 0)).toBe(true);
  });
});
