import { createHasher } from '@seedling/hasher-wasm';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { createAvailability, type AvailabilityCounts } from './availability.js';
import { setBit } from './bits.js';
import { createPiecePicker } from './piece-picker.js';

function randomBits(n: number, rnd: () => number, density: number): Uint8Array {
  const bf = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (rnd() < density) setBit(bf, i);
  return bf;
}

describe('availability (plain JS)', () => {
  it('counts bitfields incrementally and finds the rarest candidate', () => {
    const a = createAvailability(12);
    a.add(Uint8Array.from([0b1111_0000, 0b1111_0000]));
    a.add(Uint8Array.from([0b1100_0000, 0b1000_0000]));
    a.addOne!(3);
    expect(Array.from({ length: 12 }, (_, i) => a.count(i))).toEqual([2, 2, 1, 2, 0, 0, 0, 0, 2, 1, 1, 1]);
    expect(a.pickRarest(Uint8Array.from([0b1111_0000, 0b1100_0000]))).toBe(2); // 2 and 9 tie at 1
    expect(a.pickRarest(Uint8Array.from([0b1111_0000, 0b1100_0000]), 5)).toBe(9); // scan starts at 5
    a.remove(Uint8Array.from([0b1100_0000, 0b1000_0000]));
    expect(a.count(0)).toBe(1);
    expect(a.pickRarest(new Uint8Array(2))).toBe(-1);
  });

  it('saturates at 65535 and never goes below zero', () => {
    const a = createAvailability(1);
    a.remove(Uint8Array.from([0x80]));
    expect(a.count(0)).toBe(0);
    for (let i = 0; i < 70_000; i++) a.addOne!(0);
    expect(a.count(0)).toBe(65535);
  });
});

describe('availability: the wasm AvailabilityCounter is a drop-in replacement', () => {
  it('agrees with the JS counts under random adds and removes, and drives the picker', async () => {
    const hasher = await createHasher();
    const n = 1000;
    const wasm: AvailabilityCounts = hasher.createAvailability(n); // type-checks against the interface
    const js = createAvailability(n);
    const rnd = createRandom(42);
    const peers: Uint8Array[] = [];
    for (let step = 0; step < 60; step++) {
      if (peers.length > 0 && rnd() < 0.3) {
        const bf = peers.splice(Math.floor(rnd() * peers.length), 1)[0]!;
        wasm.remove(bf);
        js.remove(bf);
      } else {
        const bf = randomBits(n, rnd, rnd());
        peers.push(bf);
        wasm.add(bf);
        js.add(bf);
      }
      for (let i = 0; i < n; i += 37) expect(wasm.count(i)).toBe(js.count(i));
      const candidates = randomBits(n, rnd, 0.2);
      const w = wasm.pickRarest(candidates);
      const j = js.pickRarest(candidates, 0);
      expect(w >= 0 ? wasm.count(w) : -1).toBe(j >= 0 ? js.count(j) : -1); // same rarity (ties may differ)
    }
    const picker = createPiecePicker<string>({ pieceCount: n, pieceLength: 16384, availability: wasm, randomFirstPieces: 0 });
    const only = new Uint8Array(Math.ceil(n / 8));
    setBit(only, 500);
    picker.peerHave(500); // no addOne in the wasm counter: falls back to a one-bit add
    expect(wasm.count(500)).toBe(js.count(500) + 1);
    expect(picker.nextRequests('a', only, 1)).toEqual([{ piece: 500, offset: 0, length: 16384 }]);
  });
});
