/**
 * @module lib/watch-swarm — turns a swarm's events into transfer patches for the store. Rates are
 * measured here from the byte counters over a short window ({@link CounterRate}): they read 0 as
 * soon as nothing moves (at once when no peer is connected), instead of the last rate seen.
 */
import type { Swarm, SwarmStats } from '@seedling/core';
import { CounterRate } from './counter-rate.js';
import { explainError } from './explain-error.js';
import type { TransferPatch } from './transfer-types.js';

/** Report stats every `ms` and on events; returns the unsubscriber. */
export function watchSwarm(swarm: Swarm, onPatch: (p: TransferPatch) => void, ms = 500): () => void {
  const up = new CounterRate();
  const down = new CounterRate();
  const statsPatch = (s: SwarmStats): TransferPatch => {
    const now = performance.now();
    const upRate = up.sample(s.uploaded, now);
    const downRate = down.sample(s.downloaded, now);
    return {
      verified: s.verified,
      wanted: s.wanted,
      wantedVerified: s.wantedVerified,
      downloaded: s.downloaded,
      uploaded: s.uploaded,
      resumed: s.resumed,
      downloadRate: s.peers === 0 ? 0 : Math.round(downRate),
      uploadRate: s.peers === 0 ? 0 : Math.round(upRate),
      peers: s.peers,
      ...(s.length > 0 ? { length: s.length } : {}),
    };
  };
  const offs = [
    swarm.events.on('progress', (s) => onPatch(statsPatch(s))),
    swarm.events.on('peer', () => onPatch(statsPatch(swarm.stats()))),
    swarm.events.on('peer-closed', () => onPatch(statsPatch(swarm.stats()))),
    swarm.events.on('error', (e) => onPatch({ state: 'error', error: explainError(e) })),
  ];
  const timer = setInterval(() => onPatch(statsPatch(swarm.stats())), ms);
  return () => {
    clearInterval(timer);
    for (const off of offs) off();
    // A stopped swarm moves nothing: no stale rate stays on screen.
    onPatch({ uploadRate: 0, downloadRate: 0, peers: 0 });
  };
}
