/**
 * @module picker/rarity-floor — the lowest availability count among the pieces we still want,
 * kept as a histogram of their counts. Rarest-first candidates are a subset of the wanted
 * pieces, so a candidate at this count is certainly among the rarest and the scan can stop
 * there, instead of visiting every candidate (which costs O(pieces) per pick on large torrents).
 */

/** Histogram of availability counts over the wanted pieces. */
export interface RarityFloor {
  /**
   * Wanted piece `index` now has `count` (call after a count change or when a piece becomes
   * wanted). The histogram ignores `index`; rarity-buckets.ts keeps the pieces themselves.
   */
  add(count: number, index?: number): void;
  /** Wanted piece `index` no longer has `count` (before a change or when it stops being wanted). */
  remove(count: number, index?: number): void;
  /** The lowest count among wanted pieces (0 when none are wanted). */
  lowest(): number;
}

/** Creates an empty histogram. Counts are small integers (u16 in the availability counters). */
export function createRarityFloor(): RarityFloor {
  const histogram = new Map<number, number>();
  let low = 0; // a lower bound of the true lowest; raised lazily
  return {
    add(count) {
      histogram.set(count, (histogram.get(count) ?? 0) + 1);
      if (count < low) low = count;
    },
    remove(count) {
      const left = (histogram.get(count) ?? 0) - 1;
      if (left > 0) histogram.set(count, left);
      else histogram.delete(count);
    },
    lowest() {
      if (histogram.size === 0) return 0;
      while (!histogram.has(low)) low++;
      return low;
    },
  };
}
