/** @module lib/watch-swarm — turns a swarm's events into transfer patches for the store. */
import type { Swarm, SwarmStats } from '@seedling/core';
import { explainError } from './explain-error.js';
import type { TransferPatch } from './transfer-types.js';

function statsPatch(s: SwarmStats): TransferPatch {
  return {
    verified: s.verified,
    downloaded: s.downloaded,
    uploaded: s.uploaded,
    resumed: s.resumed,
    downloadRate: s.downloadRate,
    uploadRate: s.uploadRate,
    peers: s.peers,
    ...(s.length > 0 ? { length: s.length } : {}),
  };
}

/** Report stats every `ms` and on events; returns the unsubscriber. */
export function watchSwarm(swarm: Swarm, onPatch: (p: TransferPatch) => void, ms = 500): () => void {
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
  };
}
