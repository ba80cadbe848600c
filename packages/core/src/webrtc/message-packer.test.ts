import { describe, expect, it } from 'vitest';
import { MessagePacker } from './message-packer.js';

/** Sends every packed message by copying it (as `RTCDataChannel.send` does). */
function packAll(packer: MessagePacker, parts: Uint8Array[]): Uint8Array[] {
  const sent: Uint8Array[] = [];
  for (const m of packer.pack(parts)) sent.push(m.slice());
  return sent;
}

const bytes = (n: number, from = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('MessagePacker', () => {
  it('cuts writes into full messages across part boundaries and keeps the rest for the next write', () => {
    const p = new MessagePacker(8);
    const first = packAll(p, [bytes(5, 0), bytes(6, 5)]);
    expect(first).toEqual([bytes(8, 0)]);
    expect(p.restBytes).toBe(3);
    const second = packAll(p, [bytes(13, 11)]);
    expect(second).toEqual([bytes(8, 8), bytes(8, 16)]);
    expect(p.restBytes).toBe(0);
    expect(p.takeRest()).toBeUndefined();
  });

  it('gives whole messages of a large part as views of it (no copy) when no rest is pending', () => {
    const p = new MessagePacker(4);
    const part = bytes(10);
    const out = [...p.pack([part])];
    expect(out).toHaveLength(2);
    expect(out[0]!.buffer).toBe(part.buffer);
    expect(out[1]!.byteOffset).toBe(4);
    expect(p.takeRest()).toEqual(bytes(2, 8));
  });

  it('hands the rest out once and clears it', () => {
    const p = new MessagePacker(16);
    packAll(p, [bytes(3)]);
    expect(p.takeRest()).toEqual(bytes(3));
    expect(p.restBytes).toBe(0);
    packAll(p, [bytes(2, 50)]);
    p.clear();
    expect(p.takeRest()).toBeUndefined();
  });
});
