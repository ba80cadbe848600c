import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { createChoker, type ChokerPeer } from './choker.js';

const peer = (id: string, down: number, extra: Partial<ChokerPeer<string>> = {}): ChokerPeer<string> => ({
  id,
  interested: true,
  downloadRate: down,
  uploadRate: 0,
  connectedAt: 0,
  lastBlockAt: 0,
  ...extra,
});
const sorted = (ids: readonly string[]): string[] => [...ids].sort();

describe('choker', () => {
  it('gives the 4 regular slots to the fastest uploaders to us, plus 1 optimistic', () => {
    const c = createChoker<string>({ random: createRandom(1) });
    const peers = [peer('a', 100), peer('b', 500), peer('c', 300), peer('d', 50), peer('e', 400), peer('f', 10)];
    const d = c.round(peers, 1000, false);
    const regular = d.unchoked.filter((id) => !d.optimistic.includes(id));
    expect(sorted(regular)).toEqual(['a', 'b', 'c', 'e']);
    expect(d.optimistic).toHaveLength(1);
    expect(['d', 'f']).toContain(d.optimistic[0]);
    expect(sorted(d.unchoke)).toEqual(sorted(d.unchoked));
    expect(d.choke).toEqual([]);
  });

  it('tit-for-tat: re-ranks every round and reports only the changes', () => {
    const c = createChoker<string>({ random: createRandom(2), optimisticSlots: 0 });
    const peers = [peer('a', 100), peer('b', 500), peer('c', 300), peer('d', 50), peer('e', 400)];
    c.round(peers, 0, false);
    const next = c.round([peer('a', 100), peer('b', 500), peer('c', 1), peer('d', 900), peer('e', 400)], 10_000, false);
    expect(next.unchoke).toEqual(['d']);
    expect(next.choke).toEqual(['c']);
    expect(sorted(next.unchoked)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('keeps current holders on equal rates (no churn)', () => {
    const c = createChoker<string>({ random: createRandom(3), optimisticSlots: 0, slots: 2 });
    const peers = ['a', 'b', 'c', 'd'].map((id) => peer(id, 0));
    const first = sorted(c.round(peers, 0, false).unchoked);
    for (let t = 1; t < 6; t++) {
      const d = c.round(peers, t * 10_000, false);
      expect(sorted(d.unchoked)).toEqual(first);
      expect([d.choke, d.unchoke]).toEqual([[], []]);
    }
  });

  it('seeding: ranks by our upload rate to them, and nobody is snubbed', () => {
    const c = createChoker<string>({ random: createRandom(4), optimisticSlots: 0, slots: 2 });
    const peers = [
      peer('a', 999, { uploadRate: 1 }),
      peer('b', 0, { uploadRate: 700, lastBlockAt: undefined }),
      peer('c', 0, { uploadRate: 800 }),
    ];
    expect(sorted(c.round(peers, 500_000, true).unchoked)).toEqual(['b', 'c']);
  });

  it('rotates the optimistic unchoke every 30 s, not every round', () => {
    const c = createChoker<string>({ random: createRandom(5), slots: 1 });
    const seen: string[] = [];
    for (let t = 0; t < 300_000; t += 10_000) {
      const peers = [peer('top', 1000, { lastBlockAt: t }), ...['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => peer(id, 0, { lastBlockAt: t }))];
      const d = c.round(peers, t, false);
      expect(d.optimistic).toHaveLength(1);
      if (t % 30_000 !== 0) expect(d.optimistic[0]).toBe(seen[seen.length - 1]);
      else seen.push(d.optimistic[0]!);
      expect(d.unchoked).toContain('top');
    }
    expect(new Set(seen).size).toBeGreaterThan(2);
  });

  it('unchokes a newly interested peer at once when a slot is free', () => {
    const c = createChoker<string>({ random: createRandom(6) });
    const peers = [peer('a', 10), peer('b', 20)];
    c.round(peers, 0, false);
    const d = c.update([...peers, peer('new', 0, { connectedAt: 1500, lastBlockAt: undefined })], 1500, false);
    expect(d.unchoke).toEqual(['new']);
    expect(c.isUnchoked('new')).toBe(true);
  });

  it('a new peer waits for the next round when every slot is taken', () => {
    const c = createChoker<string>({ random: createRandom(7) });
    const peers = ['a', 'b', 'c', 'd', 'e'].map((id, i) => peer(id, 10 * (i + 1)));
    expect(c.round(peers, 0, false).unchoked).toHaveLength(5);
    const d = c.update([...peers, peer('new', 0, { connectedAt: 100 })], 100, false);
    expect(d.unchoke).toEqual([]);
    expect(d.choke).toEqual([]);
  });

  it('a peer that leaves or loses interest frees its slot for a waiting peer immediately', () => {
    const c = createChoker<string>({ random: createRandom(8), slots: 2, optimisticSlots: 0 });
    c.round([peer('a', 300), peer('b', 200), peer('c', 100)], 0, false);
    const left = c.update([peer('b', 200), peer('c', 100)], 2000, false);
    expect(left).toEqual({ unchoke: ['c'], choke: [], unchoked: ['b', 'c'], optimistic: [] });
    const bored = c.update([peer('b', 200, { interested: false }), peer('c', 100), peer('d', 0)], 3000, false);
    expect(bored.choke).toEqual(['b']);
    expect(bored.unchoke).toEqual(['d']);
  });

  it('snubbed peers (no block for 60 s while we want their data) lose their regular slot', () => {
    const c = createChoker<string>({ random: createRandom(9), slots: 2, optimisticSlots: 0 });
    const t0 = 100_000;
    c.round([peer('a', 500, { lastBlockAt: t0 }), peer('b', 400, { lastBlockAt: t0 }), peer('c', 1, { lastBlockAt: t0 })], t0, false);
    const now = t0 + 61_000;
    const peers = [peer('a', 500, { lastBlockAt: now }), peer('b', 400, { lastBlockAt: t0 }), peer('c', 1, { lastBlockAt: now })];
    expect(c.isSnubbed(peers[1]!, now, false)).toBe(true);
    const d = c.update(peers, now, false);
    expect(d.choke).toEqual(['b']);
    expect(d.unchoke).toEqual(['c']);
    // not snubbed: when we do not want its data, or when seeding
    expect(c.isSnubbed(peer('x', 0, { lastBlockAt: 0, amInterested: false }), now, false)).toBe(false);
    expect(c.isSnubbed(peer('x', 0, { lastBlockAt: 0 }), now, true)).toBe(false);
    // a snubbed peer can still win the optimistic slot
    const c2 = createChoker<string>({ random: createRandom(10), slots: 1 });
    const d2 = c2.round([peer('fast', 900, { lastBlockAt: now }), peer('snub', 100, { lastBlockAt: 0 })], now, false);
    expect(d2.optimistic).toEqual(['snub']);
  });

  it('weighs newly connected peers 3x for the optimistic slot', () => {
    let newWins = 0;
    const trials = 400;
    for (let s = 0; s < trials; s++) {
      const c = createChoker<string>({ random: createRandom(1000 + s), slots: 0 });
      const now = 200_000;
      const peers = [peer('new', 0, { connectedAt: now - 1000, lastBlockAt: now }), ...['o1', 'o2', 'o3'].map((id) => peer(id, 0, { lastBlockAt: now }))];
      if (c.round(peers, now, false).optimistic[0] === 'new') newWins++;
    }
    // expected share 3/6 = 0.5 (uniform would be 0.25)
    expect(newWins / trials).toBeGreaterThan(0.4);
    expect(newWins / trials).toBeLessThan(0.6);
  });
});
