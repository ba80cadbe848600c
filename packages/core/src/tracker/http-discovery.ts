/**
 * @module tracker/http-discovery — an HTTP tracker as a peer source for the swarm's announce loop
 * (swarm/discovery.ts): `announce(params, signal)` → `host:port` strings and the interval. The
 * shape matches swarm's `PeerDiscovery` structurally, so the tracker module does not import swarm.
 */
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TRACKER_TIMEOUT_MS, type FetchLike } from './fetch-bounded.js';
import { httpAnnounce } from './http-tracker.js';
import type { AnnounceEvent, AnnounceStats, PeerAddress } from './types.js';

/** `ip:port`, or `[ip]:port` for IPv6, as transports dial addresses. */
export function peerAddressText(p: Pick<PeerAddress, 'ip' | 'port' | 'family'>): string {
  return p.family === 6 ? `[${p.ip}]:${p.port}` : `${p.ip}:${p.port}`;
}

/** What the swarm passes on each announce. */
export interface PeerSourceAnnounce extends AnnounceStats {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  event?: Exclude<AnnounceEvent, 'update'>;
}

/** A peer source (structurally the swarm's `PeerDiscovery`). */
export interface TrackerPeerSource {
  readonly name: string;
  announce(params: PeerSourceAnnounce, signal: AbortSignal): Promise<{ peers: string[]; interval?: number }>;
}

/** Options of {@link httpTrackerDiscovery}. */
export interface HttpTrackerDiscoveryOptions {
  numwant?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  fetch?: FetchLike;
}

/**
 * An HTTP tracker as a peer source. Errors (including `failure reason`) reject with a
 * `TrackerError`; the caller's loop decides when to retry. Keeps the BEP 3 `tracker id`.
 */
export function httpTrackerDiscovery(url: string, opts: HttpTrackerDiscoveryOptions = {}): TrackerPeerSource {
  let trackerId: string | undefined;
  return {
    name: url,
    async announce(p, signal) {
      const res = await httpAnnounce(
        url,
        { ...p, ...(opts.numwant !== undefined ? { numwant: opts.numwant } : {}), ...(trackerId ? { trackerId } : {}) },
        {
          signal,
          timeoutMs: opts.timeoutMs ?? DEFAULT_TRACKER_TIMEOUT_MS,
          maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
        },
      );
      if (res.trackerId) trackerId = res.trackerId;
      // Port 0: a tunnel-only peer listed for its id (http-codec.ts), not a TCP address.
      return { peers: res.peers.filter((p) => p.port > 0).map(peerAddressText), interval: res.interval };
    },
  };
}
