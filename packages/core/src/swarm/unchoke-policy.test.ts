import { describe, expect, it } from 'vitest';
import { chooseUnchoked, type ChokeCandidate } from './unchoke-policy.js';

const peer = (id: string, interested: boolean, down: number, up: number): ChokeCandidate<string> => ({ peer: id, interested, downloadRate: down, uploadRate: up });

describe('chooseUnchoked (BEP 3 tit-for-tat + optimistic)', () => {
  const peers = [peer('a', true, 100, 1), peer('b', true, 300, 2), peer('c', true, 200, 50), peer('d', false, 999, 999), peer('e', true, 0, 0)];

  it('leeching: the best uploaders to us get the regular slots, plus one optimistic', () => {
    const { unchoke, optimistic } = chooseUnchoked(peers, { slots: 3, seeding: false, random: () => 0 });
    expect(unchoke.size).toBe(3);
    expect(unchoke.has('b') && unchoke.has('c')).toBe(true);
    expect(unchoke.has('d')).toBe(false); // not interested: no slot
    expect(['a', 'e']).toContain(optimistic);
  });

  it('seeding: ranks by our upload rate to them', () => {
    const { unchoke } = chooseUnchoked(peers, { slots: 2, seeding: true, random: () => 0.99 });
    expect(unchoke.has('c')).toBe(true);
    expect(unchoke.size).toBe(2);
  });

  it('keeps a still-valid optimistic pick and never exceeds the slots', () => {
    const { unchoke, optimistic } = chooseUnchoked(peers, { slots: 2, seeding: false, optimistic: 'e', random: () => 0 });
    expect(optimistic).toBe('e');
    expect([...unchoke].sort()).toEqual(['b', 'e']);
    expect(chooseUnchoked(peers, { slots: 0, seeding: false }).unchoke.size).toBe(0);
  });
});
