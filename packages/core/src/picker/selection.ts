/**
 * @module picker/selection — the piece and block choices of the picker as pure functions over
 * bitfields (BEP 3 bytes), so each policy is testable alone and the bulk loops can move to the
 * wasm bitfield kernels (and-not, popcount, pick-rarest) without touching the bookkeeping.
 */
import type { AvailabilityCounts } from './availability.js';
import { clearBit, hasBit, nextSetBit, nthSetBit, popcount } from './bits.js';
import type { PartialPiece } from './partial-piece.js';
import type { RarityBuckets } from './rarity-buckets.js';

/**
 * Writes into `out` the pieces `peerHas` that we want and have not started, keeping only the
 * highest priority present among them (when `multiLevel`, i.e. priorities other than 0/1 exist).
 */
export function newPieceCandidates(
  out: Uint8Array,
  peerHas: Uint8Array,
  wanted: Uint8Array,
  started: Uint8Array,
  priority: Uint8Array,
  multiLevel: boolean,
): Uint8Array {
  const n = priority.length;
  for (let b = 0; b < out.length; b++) out[b] = peerHas[b]! & wanted[b]! & ~started[b]!;
  if (!multiLevel) return out;
  let top = 0;
  for (let i = nextSetBit(out, 0, n); i >= 0; i = nextSetBit(out, i + 1, n)) top = Math.max(top, priority[i]!);
  for (let i = nextSetBit(out, 0, n); i >= 0; i = nextSetBit(out, i + 1, n)) if (priority[i]! < top) clearBit(out, i);
  return out;
}

/**
 * One new piece among `candidates`: uniformly random while `randomFirst` (the first few pieces,
 * to have something to trade quickly), else the rarest, ties broken from `tieStart` (the first
 * candidate at or after it, wrapping), or from a random start when it is negative.
 * `floor` (the lowest count among wanted pieces) lets the scan stop early.
 */
export function chooseNewPiece(
  candidates: Uint8Array,
  n: number,
  randomFirst: boolean,
  random: () => number,
  availability: AvailabilityCounts,
  floor = 0,
  tieStart = -1,
): number {
  if (randomFirst) {
    const c = popcount(candidates, n);
    return c === 0 ? -1 : nthSetBit(candidates, Math.floor(random() * c), n);
  }
  return availability.pickRarest(candidates, tieStart >= 0 ? tieStart : Math.floor(random() * n), floor);
}

/**
 * Whether a rarest-first pick `chosen`, found by scanning from `tieStart`, skipped candidates on
 * the way: they are more available (ties go to the first candidate), i.e. another peer already
 * has that stretch, so our in-order run has caught up with that peer's run and `chosen` is at
 * its front, among the pieces it is fetching now from the same source. Two downloaders of one
 * seeder then asked it for the same pieces, in step, for the rest of the download (issue 8:
 * at N = 2 the capped seeder sent 1.4-1.6 copies and the two stopped trading).
 */
export function ranIntoOthers(candidates: Uint8Array, n: number, tieStart: number, chosen: number): boolean {
  if (tieStart < 0 || chosen < 0) return false;
  const first = nextSetBit(candidates, tieStart, n);
  return (first >= 0 ? first : nextSetBit(candidates, 0, n)) !== chosen;
}

/**
 * A candidate drawn uniformly among those available from exactly `count` peers (the rarest),
 * or -1. Used to leave another peer's front ({@link ranIntoOthers}): "the first rarest at or
 * after a random point" would favour pieces just after a more available stretch, which is
 * where another peer's front is.
 */
export function randomRarest(candidates: Uint8Array, n: number, availability: AvailabilityCounts, count: number, random: () => number): number {
  let total = 0;
  for (let i = nextSetBit(candidates, 0, n); i >= 0; i = nextSetBit(candidates, i + 1, n)) if (availability.count(i) === count) total++;
  if (total === 0) return -1;
  let k = Math.floor(random() * total);
  for (let i = nextSetBit(candidates, 0, n); i >= 0; i = nextSetBit(candidates, i + 1, n)) {
    if (availability.count(i) === count && k-- === 0) return i;
  }
  return -1;
}

/**
 * {@link randomRarest} from the wanted pieces at `count` (`buckets`, see rarity-buckets.ts):
 * the same distribution — uniform among the candidates at `count` — in O(draws) instead of two
 * passes over every candidate. Falls back to the full pass only if the buckets have no such
 * candidate (they are out of step with the counts, which the picker never lets happen).
 */
export function randomRarestFrom(
  candidates: Uint8Array,
  n: number,
  availability: AvailabilityCounts,
  buckets: RarityBuckets,
  count: number,
  random: () => number,
): number {
  const i = buckets.randomAt(count, (k) => hasBit(candidates, k) && availability.count(k) === count, random);
  return i >= 0 ? i : randomRarest(candidates, n, availability, count, random);
}

/** Partial pieces first by priority, then by progress (requested or received share). */
export function partialPieceOrder<P>(priority: Uint8Array): (a: PartialPiece<P>, b: PartialPiece<P>) => number {
  return (a, b) => {
    const pa = priority[a.index]!;
    const pb = priority[b.index]!;
    if (pa !== pb) return pb - pa;
    return (b.blockCount - b.unrequested) / b.blockCount - (a.blockCount - a.unrequested) / a.blockCount;
  };
}

/**
 * Peers a block is requested from at most in endgame. Unbounded, every peer — a rate-capped
 * seeder included, which serves its queue after the first copy arrived elsewhere — got a copy
 * of every missing block: at N = 8 in a flash crowd the seeder uploaded 1.5 copies of the file
 * (issue 8). Two requesters still route around one slow or stalled peer.
 */
export const MAX_ENDGAME_REQUESTERS = 2;

/**
 * Endgame duplicates for `peer`: blocks of wanted, unfinished pieces the peer has, not received,
 * not already requested from this peer and requested from fewer than
 * {@link MAX_ENDGAME_REQUESTERS} peers — closest-to-complete pieces first, then the blocks with
 * the fewest requesters. Returns up to `count` `[piece, block]` pairs.
 */
export function endgameBlocks<P>(
  partials: Iterable<PartialPiece<P>>,
  peer: P,
  peerHas: Uint8Array,
  wanted: Uint8Array,
  count: number,
): Array<[PartialPiece<P>, number]> {
  const out: Array<[PartialPiece<P>, number]> = [];
  const busy = [...partials]
    .filter((pp) => !pp.complete && hasBit(wanted, pp.index) && hasBit(peerHas, pp.index))
    .sort((a, b) => a.blockCount - a.receivedCount - (b.blockCount - b.receivedCount));
  for (const pp of busy) {
    const blocks: number[] = [];
    for (let b = 0; b < pp.blockCount; b++) {
      if (!pp.received[b] && !pp.requestedBy(b, peer) && pp.requestersOf(b).length < MAX_ENDGAME_REQUESTERS) blocks.push(b);
    }
    blocks.sort((x, y) => pp.requestersOf(x).length - pp.requestersOf(y).length);
    for (const b of blocks) {
      if (out.length >= count) return out;
      out.push([pp, b]);
    }
  }
  return out;
}
