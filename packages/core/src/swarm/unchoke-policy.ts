/**
 * @module swarm/unchoke-policy — which peers we upload to (BEP 3 choking, "tit-for-tat").
 *
 * Pure: takes peer stats, returns the set to unchoke. Every round (10 s) the interested peers
 * are ranked by the rate they give us (while we download) or the rate we reach sending to them
 * (once we seed, so fast downloaders get served), the best `slots - 1` are unchoked, and one
 * more slot goes to a rotating optimistic unchoke so newcomers get a chance.
 */

/** What the policy needs to know about one peer. */
export interface ChokeCandidate<P> {
  peer: P;
  interested: boolean;
  /** Bytes per second we receive from it. */
  downloadRate: number;
  /** Bytes per second we send to it. */
  uploadRate: number;
}

/** Choose peers to unchoke this round. `optimistic` is the current optimistic pick (if still valid). */
export function chooseUnchoked<P>(
  candidates: readonly ChokeCandidate<P>[],
  opts: { slots: number; seeding: boolean; optimistic?: P; random?: () => number },
): { unchoke: Set<P>; optimistic: P | undefined } {
  const interested = candidates.filter((c) => c.interested);
  const score = (c: ChokeCandidate<P>): number => (opts.seeding ? c.uploadRate : c.downloadRate);
  const ranked = [...interested].sort((a, b) => score(b) - score(a));
  const regular = Math.max(0, opts.slots - 1);
  const unchoke = new Set<P>(ranked.slice(0, regular).map((c) => c.peer));
  let optimistic = opts.optimistic;
  const rest = ranked.filter((c) => !unchoke.has(c.peer));
  if (optimistic === undefined || !rest.some((c) => c.peer === optimistic)) {
    const random = opts.random ?? Math.random;
    optimistic = rest.length > 0 ? rest[Math.floor(random() * rest.length)]!.peer : undefined;
  }
  if (optimistic !== undefined && opts.slots > 0) unchoke.add(optimistic);
  return { unchoke, optimistic };
}
