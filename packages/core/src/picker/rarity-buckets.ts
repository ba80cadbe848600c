/**
 * @module picker/rarity-buckets — the wanted pieces grouped by availability count, one indexed
 * bucket per count (as libtorrent's piece_picker keeps its pieces sorted by priority and
 * availability with bucket boundaries). Moving a piece between buckets is O(1) (swap with the
 * bucket's last entry, pop), so the picker keeps it in step on every `have`/`bitfield`/piece
 * change and can then:
 * - tell the lowest count among wanted pieces (the rarity floor, see rarity-floor.ts);
 * - draw a piece uniformly among the wanted pieces at one count that pass a test (the peer has
 *   it, not started, top priority) without visiting every piece: random draws from that bucket,
 *   then one pass over that bucket alone. The jump out of another peer's stretch
 *   (selection.ts `ranIntoOthers`) did two passes over all candidates per pick instead, which
 *   took 92 % of the picker's time at 100,000 pieces (session 7).
 */
import type { RarityFloor } from './rarity-floor.js';

/** Draws tried before one pass over the bucket (keeps the draw exactly uniform, see below). */
export const RARITY_BUCKET_DRAWS = 24;

/** Wanted pieces by availability count; a {@link RarityFloor} that also knows the pieces. */
export interface RarityBuckets extends RarityFloor {
  /** Wanted pieces at `count`. */
  size(count: number): number;
  /**
   * A piece drawn uniformly among the wanted pieces at `count` for which `accept` holds, or -1
   * when none does. Each draw is uniform over the bucket and kept only if accepted, so a kept
   * draw is uniform over the accepted ones; after {@link RARITY_BUCKET_DRAWS} misses one pass
   * counts the accepted pieces and picks one of them uniformly (a mix of uniform draws is
   * uniform). Work: O(draws), at worst O(bucket size), never O(pieces).
   */
  randomAt(count: number, accept: (index: number) => boolean, random: () => number): number;
}

/** Creates empty buckets for pieces `0..pieceCount-1`. */
export function createRarityBuckets(pieceCount: number): RarityBuckets {
  const buckets: number[][] = [];
  const pos = new Int32Array(pieceCount).fill(-1); // index of each piece within its bucket
  let filled = 0; // wanted pieces in all buckets
  let low = 0; // a lower bound of the lowest non-empty bucket; raised lazily
  const bucket = (count: number): number[] => {
    while (buckets.length <= count) buckets.push([]);
    return buckets[count]!;
  };
  return {
    add(count, index = -1) {
      const b = bucket(count);
      if (index >= 0) {
        pos[index] = b.length;
        b.push(index);
      } else b.push(-1); // a count without its piece (RarityFloor callers): floor only
      filled++;
      if (count < low) low = count;
    },
    remove(count, index = -1) {
      const b = buckets[count];
      if (!b || b.length === 0) return;
      // Without its piece, or not where we left it (a caller out of step): drop some entry, so
      // the floor stays a lower bound; `randomAt` re-checks whatever it returns anyway.
      const at = index >= 0 ? pos[index]! : -1;
      if (at >= 0 && at < b.length && b[at] === index) {
        const last = b.pop()!;
        if (at < b.length) {
          b[at] = last;
          if (last >= 0) pos[last] = at;
        }
        pos[index] = -1;
      } else {
        const last = b.pop()!;
        if (last >= 0) pos[last] = -1;
      }
      filled--;
    },
    lowest() {
      if (filled === 0) return 0;
      while (low < buckets.length && buckets[low]!.length === 0) low++;
      return low;
    },
    size: (count) => buckets[count]?.length ?? 0,
    randomAt(count, accept, random) {
      const b = buckets[count];
      if (!b || b.length === 0) return -1;
      for (let t = 0; t < RARITY_BUCKET_DRAWS; t++) {
        const i = b[Math.floor(random() * b.length)]!;
        if (i >= 0 && accept(i)) return i;
      }
      let total = 0;
      for (const i of b) if (i >= 0 && accept(i)) total++;
      if (total === 0) return -1;
      let k = Math.floor(random() * total);
      for (const i of b) if (i >= 0 && accept(i) && k-- === 0) return i;
      return -1;
    },
  };
}
