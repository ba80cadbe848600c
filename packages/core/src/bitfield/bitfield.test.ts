/** @module bitfield/bitfield.test — tests. */
import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('Bitfield', () => {
  it('uses the BEP 3 layout: high bit of byte 0 is piece 0', () => {
    const bf = new Bitfield(10);
    bf.set(0);
    bf.set(9);
    expect([...bf.bytes]).toEqual([0x80, 0x40]);
    expect(bf.get(0)).toBe(true);
    expect(bf.get(1)).toBe(false);
    expect(bf.get(9)).toBe(true);
  });

  it('set/clear report whether they changed anything', () => {
    const bf = new Bitfield(8);
    expect(bf.set(3)).toBe(true);
    expect(bf.set(3)).toBe(false);
    expect(bf.clear(3)).toBe(true);
    expect(bf.clear(3)).toBe(false);
  });

  it('counts, hasAll and hasNone with a partial last byte', () => {
    const bf = new Bitfield(11);
    expect(bf.hasNone()).toBe(true);
    for (let i = 0; i < 11; i++) bf.set(i);
    expect(bf.count()).toBe(11);
    expect(bf.hasAll()).toBe(true);
    expect([...bf.bytes]).toEqual([0xff, 0xe0]);
    bf.clear(10);
    expect(bf.hasAll()).toBe(false);
    expect(Bitfield.full(11).bytes).toEqual(new Uint8Array([0xff, 0xe0]));
    expect(Bitfield.full(16).hasAll()).toBe(true);
    expect(new Bitfield(0).hasAll()).toBe(true);
  });

  it('fromBytes validates length and spare bits', () => {
    expect(Bitfield.fromBytes(new Uint8Array([0xa0, 0x20]), 11).toArray()).toEqual([0, 2, 10]);
    expect(codeOf(() => Bitfield.fromBytes(new Uint8Array([0xff]), 11))).toBe('BITFIELD_BAD_LENGTH');
    expect(codeOf(() => Bitfield.fromBytes(new Uint8Array(3), 11))).toBe('BITFIELD_BAD_LENGTH');
    expect(codeOf(() => Bitfield.fromBytes(new Uint8Array([0, 0x10]), 11))).toBe('BITFIELD_SPARE_BITS');
    expect(codeOf(() => Bitfield.fromBytes(new Uint8Array([0, 0x01]), 11))).toBe('BITFIELD_SPARE_BITS');
  });

  it('toBytes is a copy', () => {
    const bf = new Bitfield(9);
    const out = bf.toBytes();
    out[0] = 0xff;
    expect(bf.get(0)).toBe(false);
  });

  it('rejects out-of-range indices', () => {
    const bf = new Bitfield(9);
    expect(codeOf(() => bf.get(9))).toBe('BITFIELD_OUT_OF_RANGE');
    expect(codeOf(() => bf.set(-1))).toBe('BITFIELD_OUT_OF_RANGE');
    expect(codeOf(() => bf.get(1.5))).toBe('BITFIELD_OUT_OF_RANGE');
  });

  it('iterates set bits like a naive scan', () => {
    const n = 1000;
    const bf = new Bitfield(n);
    const want: number[] = [];
    for (let i = 0; i < n; i++) {
      if ((i * 7919) % 13 < 3 || (i > 500 && i < 520)) {
        bf.set(i);
        want.push(i);
      }
    }
    expect([...bf]).toEqual(want);
    expect(bf.count()).toBe(want.length);
    expect(bf.nextSet(want[5]! + 1)).toBe(want[6]);
    expect(bf.nextSet(n)).toBe(-1);
  });

  it('andNot and hasAnyNotIn', () => {
    const a = Bitfield.fromBytes(new Uint8Array([0xf0, 0x80]), 9);
    const b = Bitfield.fromBytes(new Uint8Array([0x30, 0x80]), 9);
    expect(a.andNot(b).toArray()).toEqual([0, 1]);
    expect(a.hasAnyNotIn(b)).toBe(true);
    expect(b.hasAnyNotIn(a)).toBe(false);
    expect(codeOf(() => a.andNot(new Bitfield(10)))).toBe('BITFIELD_SIZE_MISMATCH');
  });
});
