/**
 * @module picker/wanted-rarity — peers' pieces counted into the availability, with the rarity
 * floor (rarity-floor.ts; the picker passes rarity-buckets.ts, which also keeps each wanted
 * piece in the bucket of its count) of the wanted pieces kept in step: a wanted piece's old count leaves
 * the floor's histogram before the change and its new count enters after, so the rarest-first
 * scan may stop at the floor (the floor must never be above a wanted piece's count).
 */
import type { AvailabilityCounts } from './availability.js';
import { hasBit, setBit } from './bits.js';
import type { RarityFloor } from './rarity-floor.js';

/** Availability changes for one peer's pieces; see the module comment. */
export interface WantedRarity {
  /** A peer with `bitfield` joined (BEP 3 `bitfield`). */
  addPeer(bitfield: Uint8Array): void;
  /** A peer with `bitfield` left. */
  removePeer(bitfield: Uint8Array): void;
  /** A peer announced piece `index` (BEP 3 `have`). */
  peerHave(index: number): void;
}

/** `wanted`: the picker's bitfield of wanted pieces (read at each change, not copied). */
export function createWantedRarity(availability: AvailabilityCounts, floor: RarityFloor, wanted: Uint8Array): WantedRarity {
  const bytes = wanted.length;
  /** Calls `fn` for each piece set in both `bitfield` and `wanted`. */
  const eachWanted = (bitfield: Uint8Array, fn: (i: number) => void): void => {
    for (let b = 0; b < bytes; b++) {
      const m = bitfield[b]! & wanted[b]!;
      if (m === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (m & (0x80 >> bit)) fn(b * 8 + bit);
    }
  };
  const around = (bitfield: Uint8Array, change: () => void): void => {
    eachWanted(bitfield, (i) => floor.remove(availability.count(i), i));
    change();
    eachWanted(bitfield, (i) => floor.add(availability.count(i), i));
  };
  return {
    addPeer: (bitfield) => around(bitfield, () => availability.add(bitfield)),
    removePeer: (bitfield) => around(bitfield, () => availability.remove(bitfield)),
    peerHave(index) {
      const w = hasBit(wanted, index);
      if (w) floor.remove(availability.count(index), index);
      if (availability.addOne) availability.addOne(index);
      else {
        const one = new Uint8Array(bytes);
        setBit(one, index);
        availability.add(one);
      }
      if (w) floor.add(availability.count(index), index);
    },
  };
}
