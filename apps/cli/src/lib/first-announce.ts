/**
 * @module lib/first-announce — tells when the first announce to each tracker has been answered
 * (or has failed), so `seed` says `ready` only once trackers can hand its address out (BEP 3
 * announce with event=started). The swarm runs the announce loops; this only observes them.
 */
import type { PeerDiscovery } from '@seedling/core';

/** Outcome of the first announce round. */
export interface FirstAnnounce {
  /** Trackers that answered the first announce. */
  announced: number;
  /** Trackers whose first announce failed or did not answer in time (the swarm keeps retrying). */
  failed: number;
}

/**
 * Wrap `sources` so their first announce is observed. `settled` resolves once every source's
 * first announce has answered or failed, or after `timeoutMs` (an unresponsive tracker must not
 * keep a seeder from serving peers that find it otherwise); with no sources it resolves at once.
 */
export function observeFirstAnnounce(sources: readonly PeerDiscovery[], timeoutMs: number): { sources: PeerDiscovery[]; settled: Promise<FirstAnnounce> } {
  const firsts: Promise<boolean>[] = [];
  const wrapped = sources.map((d): PeerDiscovery => {
    let report: ((ok: boolean) => void) | null = null;
    firsts.push(new Promise<boolean>((res) => (report = res)));
    return {
      name: d.name,
      async announce(params, signal) {
        const first = report;
        report = null;
        try {
          const res = await d.announce(params, signal);
          first?.(true);
          return res;
        } catch (err) {
          first?.(false);
          throw err;
        }
      },
    };
  });
  const settled = new Promise<FirstAnnounce>((resolve) => {
    const outcome = { announced: 0, failed: 0 };
    let pending = firsts.length;
    if (pending === 0) return resolve(outcome);
    const timer = setTimeout(() => resolve({ announced: outcome.announced, failed: sources.length - outcome.announced }), timeoutMs);
    timer.unref?.();
    for (const f of firsts) {
      void f.then((ok) => {
        if (ok) outcome.announced++;
        else outcome.failed++;
        if (--pending === 0) {
          clearTimeout(timer);
          resolve(outcome);
        }
      });
    }
  });
  return { sources: wrapped, settled };
}
