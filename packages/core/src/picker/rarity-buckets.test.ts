/**
 * @module picker/rarity-buckets.test — the wanted pieces stay in the bucket of their count
 * through peers joining, announcing and leaving (with and without `addOne`), draws are uniform
 * among the accepted pieces of one bucket, and the picker's jump out of another peer's stretch
 * lands uniformly among the rarest candidates (not at the lowest index, not at a more
 * available piece).
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { clearBit, hasBit, setBit } from './bits.js';
import { peerWalkStep, testAvailability } from './peer-walk.test-support.js';
import { createPiecePicker } from './piece-picker.js';
import { createRarityBuckets, RARITY_BUCKET_DRAWS, type RarityBuckets } from './rarity-buckets.js';
import { createWantedRarity } from './wanted-rarity.js';

const KB16 = 16384;

/** The pieces in bucket `count` (a rejecting `accept` is shown every member in its last pass). */
function members(buckets: RarityBuckets, count: number): Set<number> {
  const seen = new Set<number>();
  buckets.randomAt(count, (i) => (seen.add(i), false), createRandom(1));
  return seen;
}

describe('rarity buckets', () => {
  for (const withAddOne of [true, false]) {
    it(`keep every wanted piece in the bucket of its count (${withAddOne ? 'addOne' : 'bitfields only'})`, () => {
      const n = 53;
      const bytes = Math.ceil(n / 8);
      const availability = testAvailability(n, withAddOne);
      const wanted = new Uint8Array(bytes);
      const buckets = createRarityBuckets(n);
      for (let i = 0; i < n; i++) {
        if (i % 7 === 0) continue;
        setBit(wanted, i);
        buckets.add(0, i);
      }
      const counts = createWantedRarity(availability, buckets, wanted);
      const random = createRandom(withAddOne ? 5 : 6);
      const peers: Uint8Array[] = [];
      const check = (): void => {
        const expected = new Map<number, Set<number>>();
        for (let i = 0; i < n; i++) {
          if (!hasBit(wanted, i)) continue;
          const c = availability.count(i);
          if (!expected.has(c)) expected.set(c, new Set());
          expected.get(c)!.add(i);
        }
        let low = Infinity;
        for (const [c, set] of expected) {
          expect(members(buckets, c)).toEqual(set);
          expect(buckets.size(c)).toBe(set.size);
          low = Math.min(low, c);
        }
        expect(buckets.lowest()).toBe(low === Infinity ? 0 : low);
      };
      for (let step = 0; step < 300; step++) {
        // Between leaves and HAVEs, a piece verifies: it leaves its bucket as the picker does it.
        peerWalkStep(peers, counts, n, random, { join: 0.25, leave: 0.4, density: 0.6, other: 0.5 }, () => {
          const i = Math.floor(random() * n);
          if (!hasBit(wanted, i)) return;
          buckets.remove(availability.count(i), i);
          clearBit(wanted, i);
        });
        check();
      }
    });
  }

  it('draw uniformly among the accepted pieces of one bucket, and find a lone one by the last pass', () => {
    const b = createRarityBuckets(1000);
    for (let i = 0; i < 20; i++) b.add(3, i);
    for (let i = 20; i < 1000; i++) b.add(4, i);
    const random = createRandom(11);
    const hits = new Map<number, number>();
    const draws = 20_000;
    for (let k = 0; k < draws; k++) {
      const i = b.randomAt(3, (x) => x % 2 === 1, random);
      hits.set(i, (hits.get(i) ?? 0) + 1);
    }
    expect([...hits.keys()].sort((x, y) => x - y)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    for (const h of hits.values()) expect(Math.abs(h - draws / 10)).toBeLessThan(draws / 10 / 5);
    // One accepted piece among 980: the draws nearly always miss, the pass finds it.
    expect(RARITY_BUCKET_DRAWS).toBeLessThan(100);
    for (let k = 0; k < 20; k++) expect(b.randomAt(4, (x) => x === 777, random)).toBe(777);
    expect(b.randomAt(4, () => false, random)).toBe(-1);
    expect(b.randomAt(9, () => true, random)).toBe(-1);
  });

  it('make the jump out of another peer stretch land uniformly among the rarest candidates', () => {
    // One seed has everything; another peer has all but the 24 pieces of R (scattered), so R are
    // the rarest (count 1), every other piece has count 2. Our first pick is in R (rarest first
    // from a random origin); the next scan from just after it skips count-2 pieces, so the
    // picker jumps: the jump must land in R, uniformly (not the lowest index, not the first
    // after a more available stretch, not a fixed bucket slot).
    const n = 400;
    const layout = createRandom(3);
    const rare: number[] = [];
    for (let i = 0; i < n; i++) if (layout() < 0.06 && rare.length < 24) rare.push(i);
    const rareSet = new Set(rare);
    const seed = new Uint8Array(Math.ceil(n / 8)).fill(0xff);
    const other = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) if (!rareSet.has(i)) setBit(other, i);
    const hits = new Map<number, number>(rare.map((i) => [i, 0]));
    let jumps = 0;
    for (let round = 0; round < 1200; round++) {
      const p = createPiecePicker<string>({ pieceCount: n, pieceLength: KB16, random: createRandom(1000 + round), randomFirstPieces: 0 });
      // Churn the buckets first: a peer comes and goes, a piece is verified and one fails.
      const passer = new Uint8Array(Math.ceil(n / 8)).fill(0x5a);
      p.addPeer(passer);
      p.addPeer(seed);
      p.addPeer(other);
      p.removePeer('passer', passer);
      const plain = [...Array(n).keys()].filter((i) => !rareSet.has(i));
      p.blockReceived('x', { piece: plain[round % plain.length]!, offset: 0 });
      p.pieceVerified(plain[round % plain.length]!);
      p.blockReceived('x', { piece: plain[(round * 7 + 1) % plain.length]!, offset: 0 });
      p.pieceFailed(plain[(round * 7 + 1) % plain.length]!);
      const first = p.nextRequests('seed', seed, 1)[0]!.piece;
      expect(rareSet.has(first)).toBe(true);
      if (rareSet.has(first + 1)) continue; // the run goes on in order: no jump this round
      const next = p.nextRequests('seed', seed, 1)[0]!.piece;
      expect(p.availability.count(next), `round ${round}: piece ${next}`).toBe(1);
      expect(next).not.toBe(first);
      hits.set(next, hits.get(next)! + 1);
      jumps++;
    }
    expect(jumps).toBeGreaterThan(900);
    // Uniform over R minus the first pick: each of the 24 expects ~jumps/23; a chi-square
    // statistic far above its 23 degrees of freedom means a biased jump.
    const expected = jumps / rare.length;
    let chi = 0;
    for (const h of hits.values()) chi += (h - expected) ** 2 / expected;
    expect(chi).toBeLessThan(60);
    // The lowest-index rarest piece gets no more than its share.
    expect(hits.get(rare[0]!)!).toBeLessThan(expected * 1.6);
  });
});
