/** @module tunnel/record.test — record framing: hex fixtures, limits, nonces. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BODY, RecordType, helloRecord, parseRecords, recordNonce } from './record.js';

const hex = (s: string): Uint8Array => new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('tunnel records', () => {
  it('parses two records in one message (type | u24 length | body)', () => {
    const tag = '00'.repeat(16);
    const recs = parseRecords(hex(`01000011ff${tag}` + `10000002abcd`));
    expect(recs.map((r) => [r.type, r.body.length])).toEqual([
      [RecordType.DATA, 17],
      [RecordType.HELLO, 2],
    ]);
    expect(toHex(recs[1]!.header)).toBe('10000002');
  });

  it('encodes a HELLO record', () => {
    expect(toHex(helloRecord(hex('0102')))).toBe('100000020102');
  });

  it.each([
    ['a truncated header', '0100'],
    ['a truncated body', '01000020' + '00'.repeat(16)],
    ['an unknown type', '7f000010' + '00'.repeat(16)],
    ['an encrypted record shorter than its tag', '0300000f' + '00'.repeat(15)],
    ['a body over the limit', '01' + (MAX_RECORD_BODY + 1).toString(16).padStart(6, '0')],
  ])('rejects %s with PROTOCOL_ERROR', (_what, h) => {
    expect(() => parseRecords(hex(h))).toThrow(expect.objectContaining({ name: 'TunnelError', code: 'PROTOCOL_ERROR' }));
  });

  it('accepts bodies up to the limit it is given (1 MiB records once announced), not one byte more', () => {
    const max = 1024 * 1024 + 16;
    const msg = new Uint8Array(4 + max);
    msg.set([1, max >>> 16, (max >>> 8) & 0xff, max & 0xff]);
    expect(parseRecords(msg, max)[0]!.body.length).toBe(max);
    expect(() => parseRecords(msg)).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
    expect(() => parseRecords(msg, max - 1)).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });

  it('never crashes on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        try {
          const total = parseRecords(b).reduce((n, r) => n + 4 + r.body.length, 0);
          expect(total).toBe(b.length);
        } catch (err) {
          expect(err).toMatchObject({ code: 'PROTOCOL_ERROR' });
        }
      }),
    );
  });

  it('builds nonces as 4 zero bytes and a big-endian 64-bit counter', () => {
    expect(toHex(recordNonce(0))).toBe('000000000000000000000000');
    expect(toHex(recordNonce(0x1_0000_0002))).toBe('000000000000000100000002');
    expect(toHex(recordNonce(Number.MAX_SAFE_INTEGER))).toBe('00000000001fffffffffffff');
  });
});
