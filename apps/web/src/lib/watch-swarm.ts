/**
 * @module lib/watch-swarm — turns a swarm's events into transfer patches for the store. Rates are
 * measured here from the byte counters over a short window ({@link CounterRate}): they read 0 as
 * soon as nothing moves (at once when no peer is connected), instead of the last rate seen.
 */
import type { Swarm, SwarmStats } from '@seedling/core';
import { CounterRate } from './counter-rate.js';
import { explainError } from './explain-error.js';
import type { TransferPatch } from './transfer-types.js';

/**
 * While a receiving swarm has a peer but no byte yet: how often the first bytes are looked for.
 * The regular report is every 500 ms (and the swarm's `progress` once a second), so the first
 * block showed 0–500 ms after it arrived (bench/web.mjs traces: first block 620 ms after the
 * link opened, shown at 814 ms).
 */
const FIRST_BYTES_POLL_MS = 25;
/** Fast polling for the first bytes stops after this long (a peer that sends nothing). */
const FIRST_BYTES_POLL_LIMIT_MS = 10_000;

/**
 * Report stats every `ms` and on events; returns the unsubscriber. With `firstBytes` (receiving),
 * the first downloaded bytes are reported within {@link FIRST_BYTES_POLL_MS} of their arrival.
 */
export function watchSwarm(swarm: Swarm, onPatch: (p: TransferPatch) => void, ms = 500, firstBytes = false): () => void {
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
  let fast: ReturnType<typeof setInterval> | undefined;
  const stopFast = (): void => {
    clearInterval(fast);
    fast = undefined;
  };
  const watchFirstBytes = (): void => {
    if (!firstBytes || fast !== undefined || swarm.stats().downloaded > 0) return;
    const until = performance.now() + FIRST_BYTES_POLL_LIMIT_MS;
    fast = setInterval(() => {
      const s = swarm.stats();
      if (s.downloaded > 0) onPatch(statsPatch(s));
      if (s.downloaded > 0 || s.peers === 0 || performance.now() > until) stopFast();
    }, FIRST_BYTES_POLL_MS);
  };
  const offs = [
    swarm.events.on('progress', (s) => onPatch(statsPatch(s))),
    swarm.events.on('peer', () => {
      onPatch(statsPatch(swarm.stats()));
      watchFirstBytes();
    }),
    swarm.events.on('peer-closed', () => onPatch(statsPatch(swarm.stats()))),
    swarm.events.on('error', (e) => onPatch({ state: 'error', error: explainError(e) })),
  ];
  const timer = setInterval(() => onPatch(statsPatch(swarm.stats())), ms);
  return () => {
    clearInterval(timer);
    stopFast();
    for (const off of offs) off();
    // A stopped swarm moves nothing: no stale rate stays on screen.
    onPatch({ uploadRate: 0, downloadRate: 0, peers: 0 });
  };
}
