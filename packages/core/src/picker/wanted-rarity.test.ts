/**
 * @module picker/wanted-rarity.test — peers joining, announcing pieces and leaving keep the rarity
 * floor equal to the lowest count among the wanted pieces, with availability counters that have
 * `addOne` and with those that only take whole bitfields (the wasm counters may lack it).
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { peerWalkStep, testAvailability } from './peer-walk.test-support.js';
import { clearBit, hasBit, setBit } from './bits.js';
import { createRarityFloor } from './rarity-floor.js';
import { createWantedRarity } from './wanted-rarity.js';

describe('createWantedRarity', () => {
  for (const withAddOne of [true, false]) {
    it(`keeps the floor at the rarest wanted piece (${withAddOne ? 'addOne' : 'bitfields only'})`, () => {
      const n = 37;
      const bytes = Math.ceil(n / 8);
      const availability = testAvailability(n, withAddOne);
      const wanted = new Uint8Array(bytes);
      const floor = createRarityFloor();
      // Wanted: every piece but multiples of 5 (as the picker does, each enters at count 0).
      for (let i = 0; i < n; i++) {
        if (i % 5 === 0) continue;
        setBit(wanted, i);
        floor.add(0);
      }
      const counts = createWantedRarity(availability, floor, wanted);
      const random = createRandom(9);
      const peers: Uint8Array[] = [];
      const lowestWanted = (): number => {
        let low = Infinity;
        for (let i = 0; i < n; i++) if (hasBit(wanted, i)) low = Math.min(low, availability.count(i));
        return low;
      };
      for (let step = 0; step < 400; step++) {
        peerWalkStep(peers, counts, n, random, { join: 0.3, leave: 0.45, density: 0.7 });
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
