/**
 * @module picker/peer-walk.test-support — a random walk of peers joining, announcing pieces
 * (BEP 3 HAVE) and leaving, for tests that check rarity bookkeeping stays in step with the
 * availability counts; with or without the counters' `addOne` (the wasm counters may lack it).
 */
import { createAvailability, type AvailabilityCounts } from './availability.js';
import { hasBit, setBit } from './bits.js';
import type { WantedRarity } from './wanted-rarity.js';

/** Availability counters for `n` pieces; without `addOne` when `withAddOne` is false. */
export function testAvailability(n: number, withAddOne: boolean): AvailabilityCounts {
  const base = createAvailability(n);
  if (withAddOne) return base;
  return { numPieces: n, add: (b) => base.add(b), remove: (b) => base.remove(b), count: (i) => base.count(i), pickRarest: (c, s, f) => base.pickRarest(c, s, f) };
}

/** Chances of a step: below `join` a peer joins (holding each piece with `density`), below `leave` one leaves. */
export interface PeerWalkOdds {
  readonly join: number;
  readonly leave: number;
  readonly density: number;
  /** Below this (and above `leave`) `other` runs instead of a HAVE. */
  readonly other?: number;
}

/**
 * One step of the walk over `peers` (their bitfields, mutated): a join, a leave, `other`, or a
 * HAVE of a random piece from a random peer (skipped if it already has it).
 */
export function peerWalkStep(
  peers: Uint8Array[],
  counts: WantedRarity,
  n: number,
  random: () => number,
  odds: PeerWalkOdds,
  other?: () => void,
): void {
  const r = random();
  if (r < odds.join || peers.length === 0) {
    const bf = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) if (random() < odds.density) setBit(bf, i);
    peers.push(bf);
    counts.addPeer(bf);
  } else if (r < odds.leave) {
    counts.removePeer(peers.splice(Math.floor(random() * peers.length), 1)[0]!);
  } else if (other && r < (odds.other ?? 0)) {
    other();
  } else {
    const bf = peers[Math.floor(random() * peers.length)]!;
    const i = Math.floor(random() * n);
    if (hasBit(bf, i)) return;
    setBit(bf, i);
    counts.peerHave(i);
  }
}
