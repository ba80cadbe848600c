import { describe, expect, it } from 'vitest';
import { createHasher } from '@seedling/hasher-wasm';
import { SMART_BAN_BLOCK, SmartBan, blockDigests } from './smart-ban.js';

const B = SMART_BAN_BLOCK;

function piece(blocks: number, fill: (block: number) => number): Uint8Array {
  const data = new Uint8Array(blocks * B);
  for (let i = 0; i < blocks; i++) data.fill(fill(i), i * B, (i + 1) * B);
  return data;
}

describe('SmartBan', () => {
  it('names the peer whose block differs from the verified piece, and clears the others', () => {
    const sb = new SmartBan<string>();
    // Failed attempt: block 0 from the liar (bad), blocks 1–3 from the honest peer.
    sb.record(7, [
      { begin: 0, peer: 'liar', digest: 'bad0' },
      { begin: B, peer: 'honest', digest: 'g1' },
      { begin: 2 * B, peer: 'honest', digest: 'g2' },
      { begin: 3 * B, peer: 'honest', digest: 'g3' },
    ]);
    expect(sb.has(7)).toBe(true);
    const good = ['g0', 'g1', 'g2', 'g3'];
    const v = sb.resolve(7, (begin) => good[begin / B]);
    expect([...v.liars]).toEqual([['liar', 0]]);
    expect([...v.honest]).toEqual(['honest']);
    expect(sb.has(7)).toBe(false);
    expect(sb.size).toBe(0);
  });

  it('a peer that sent a good block once and a bad one another time is a liar, not honest', () => {
    const sb = new SmartBan<string>();
    sb.record(1, [
      { begin: 0, peer: 'mixed', digest: 'g0' },
      { begin: B, peer: 'other', digest: 'bad1' },
    ]);
    sb.record(1, [
      { begin: 0, peer: 'other', digest: 'g0' },
      { begin: B, peer: 'mixed', digest: 'bad1' },
    ]);
    const v = sb.resolve(1, (begin) => (begin === 0 ? 'g0' : 'g1'));
    expect(new Set(v.liars.keys())).toEqual(new Set(['mixed', 'other']));
    expect(v.honest.size).toBe(0);
  });

  it('repeated identical records are kept once, and blocks without a verified digest are ignored', () => {
    const sb = new SmartBan<string>();
    for (let i = 0; i < 3; i++) sb.record(2, [{ begin: 0, peer: 'a', digest: 'x' }]);
    sb.record(2, [{ begin: 5 * B, peer: 'b', digest: 'y' }]);
    const v = sb.resolve(2, (begin) => (begin === 0 ? 'x' : undefined));
    expect(v.liars.size).toBe(0);
    expect([...v.honest]).toEqual(['a']);
  });

  it('remembers at most maxPieces pieces, forgetting the oldest', () => {
    const sb = new SmartBan<string>(3);
    for (let i = 0; i < 5; i++) sb.record(i, [{ begin: 0, peer: 'p', digest: 'd' }]);
    expect(sb.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => sb.has(i))).toEqual([false, false, true, true, true]);
    sb.drop(3);
    expect(sb.has(3)).toBe(false);
    // An unknown piece resolves to nobody.
    const v = sb.resolve(42, () => 'd');
    expect(v.liars.size + v.honest.size).toBe(0);
  });
});

describe('blockDigests', () => {
  it('gives one SHA-1 per 16 KiB block (short last block too): equal bytes, equal digests', async () => {
    const hasher = await createHasher();
    const a = piece(3, (i) => i + 1);
    const data = new Uint8Array(3 * B + 100);
    data.set(a);
    data.fill(9, 3 * B);
    const d = await blockDigests({ hasher }, data);
    expect([...d.keys()]).toEqual([0, B, 2 * B, 3 * B]);
    for (const v of d.values()) expect(v.length).toBe(20);
    const b = piece(3, (i) => (i === 1 ? 0xee : i + 1));
    const e = await blockDigests({ hasher }, b);
    expect(e.get(0)).toBe(d.get(0));
    expect(e.get(B)).not.toBe(d.get(B));
    expect(e.get(2 * B)).toBe(d.get(2 * B));
  });
});
