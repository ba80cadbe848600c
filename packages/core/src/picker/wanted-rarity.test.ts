/**
 * @module picker/wanted-rarity.test — peers joining, announcing pieces and leaving keep the rarity
 * floor equal to the lowest count among the wanted pieces, with availability counters that have
 * `addOne` and with those that only take whole bitfields (the wasm counters may lack it).
 */
import { describe, expect, it } from 'vitest';
import { createAvailability, type AvailabilityCounts } from './availability.js';
import { clearBit, hasBit, setBit } from './bits.js';
import { createRarityFloor } from './rarity-floor.js';
import { createWantedRarity } from './wanted-rarity.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('createWantedRarity', () => {
  for (const withAddOne of [true, false]) {
    it(`keeps the floor at the rarest wanted piece (${withAddOne ? 'addOne' : 'bitfields only'})`, () => {
      const n = 37;
      const bytes = Math.ceil(n / 8);
      const base = createAvailability(n);
      const availability: AvailabilityCounts = withAddOne
        ? base
        : { numPieces: n, add: (b) => base.add(b), remove: (b) => base.remove(b), count: (i) => base.count(i), pickRarest: (c, s, f) => base.pickRarest(c, s, f) };
      const wanted = new Uint8Array(bytes);
      const floor = createRarityFloor();
      // Wanted: every piece but multiples of 5 (as the picker does, each enters at count 0).
      for (let i = 0; i < n; i++) {
        if (i % 5 === 0) continue;
        setBit(wanted, i);
        floor.add(0);
      }
      const counts = createWantedRarity(availability, floor, wanted);
      const random = rng(9);
      const peers: Uint8Array[] = [];
      const lowestWanted = (): number => {
        let low = Infinity;
        for (let i = 0; i < n; i++) if (hasBit(wanted, i)) low = Math.min(low, availability.count(i));
        return low;
      };
      for (let step = 0; step < 400; step++) {
        const r = random();
        if (r < 0.3 || peers.length === 0) {
          const bf = new Uint8Array(bytes);
          for (let i = 0; i < n; i++) if (random() < 0.7) setBit(bf, i);
          peers.push(bf);
          counts.addPeer(bf);
        } else if (r < 0.45) {
          counts.removePeer(peers.splice(Math.floor(random() * peers.length), 1)[0]!);
        } else {
          const bf = peers[Math.floor(random() * peers.length)]!;
          const i = Math.floor(random() * n);
          if (hasBit(bf, i)) continue;
          setBit(bf, i);
          counts.peerHave(i);
        }
        expect(floor.lowest()).toBe(lowestWanted());
      }
      // A piece no longer wanted (verified) leaves the floor as the picker does it.
      for (let i = 0; i < n; i++) {
        if (!hasBit(wanted, i)) continue;
        floor.remove(availability.count(i));
        clearBit(wanted, i);
      }
      expect(floor.lowest()).toBe(0);
    });
  }
});
