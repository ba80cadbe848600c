/**
 * @module swarm/discovery — announce loops against peer sources (trackers, BEP 3 announce):
 * `started` at start, re-announce at the tracker's interval, `completed` once, `stopped` at the end.
 */
import type { AnnounceParams, PeerDiscovery } from './options.js';
import type { Swarm } from './swarm.js';

/** Lower bound on the re-announce interval, whatever a tracker says. */
const MIN_INTERVAL_S = 5;
/** Default interval when a tracker gives none, and after an error. */
const DEFAULT_INTERVAL_S = 60;
/** How long the final `stopped` announce may take. */
const STOPPED_TIMEOUT_MS = 3000;

function params(s: Swarm, event?: AnnounceParams['event']): AnnounceParams {
  const st = s.stats();
  const left = s.layout ? Math.max(0, s.layout.totalBytes - s.verifiedBytes) : 1;
  return {
    infoHash: s.handshakeHashes[0]!,
    peerId: s.peerId,
    port: s.opts.port ?? 0,
    uploaded: st.uploaded,
    downloaded: st.downloaded,
    left,
    ...(event ? { event } : {}),
  };
}

/** Run the announce loop for one peer source until the swarm stops. */
export async function runDiscovery(s: Swarm, d: PeerDiscovery): Promise<void> {
  let event: AnnounceParams['event'] | undefined = 'started';
  let completedSent = s.complete;
  const unsubscribe = s.events.on('done', () => {
    if (!completedSent) void announceOnce('completed');
  });
  async function announceOnce(ev?: AnnounceParams['event']): Promise<number> {
    try {
      const res = await d.announce(params(s, ev), s.signal);
      if (ev === 'completed') completedSent = true;
      for (const peer of res.peers) s.addPeer(peer);
      return Math.max(MIN_INTERVAL_S, res.interval ?? DEFAULT_INTERVAL_S);
    } catch (err) {
      if (!s.signal.aborted) s.events.emit('warning', { message: `announce to ${d.name} failed: ${(err as Error).message}`, cause: err });
      return DEFAULT_INTERVAL_S;
    }
  }
  try {
    while (!s.signal.aborted) {
      const interval = await announceOnce(event);
      event = undefined;
      await sleep(s, interval * 1000);
    }
  } finally {
    unsubscribe();
  }
}

function sleep(s: Swarm, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (s.signal.aborted) return resolve();
    const timer = s.clock.setTimeout(resolve, ms);
    s.signal.addEventListener('abort', () => {
      s.clock.clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Send the final `stopped` announce (BEP 3), bounded in time. */
runDiscovery.stopped = async (s: Swarm, d: PeerDiscovery): Promise<void> => {
  const ctrl = new AbortController();
  const timer = s.clock.setTimeout(() => ctrl.abort(), STOPPED_TIMEOUT_MS);
  try {
    await d.announce(params(s, 'stopped'), ctrl.signal);
  } catch {
    // Best effort: the tracker forgets us after its interval anyway.
  } finally {
    s.clock.clearTimeout(timer);
  }
};
