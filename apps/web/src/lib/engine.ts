/**
 * @module lib/engine — the page's one BitTorrent engine: our peer id, the wasm hasher, the hash
 * worker pool (Web Workers, so hashing never stalls the UI), the peers found through the relay
 * serving the page (WebRTC signalled through its WebSocket tracker), and the shared
 * upload/download rate gates from the settings.
 */
import { createThrottle, generatePeerId, type HashPool, type Hasher, type RateGate, type Throttle, type WireLimits } from '@seedling/core';
import { BrowserRelayPeers, type RelayState } from '@seedling/core/browser';
import { createHasher } from '@seedling/hasher-wasm';
import { createHashPool } from '@seedling/hasher-wasm/pool';

/** What every transfer shares. */
export interface Engine {
  readonly peerId: Uint8Array;
  readonly hasher: () => Promise<Hasher>;
  readonly pool: HashPool;
  readonly peers: BrowserRelayPeers;
  readonly uploadGate: RateGate;
  readonly downloadGate: RateGate;
  /** Wire limits of every swarm of the page (see {@link PAGE_WIRE_LIMITS}). */
  readonly wireLimits: Partial<WireLimits>;
  /** Change the caps (bytes per second; 0 or Infinity = unlimited). */
  setRates(up: number, down: number): void;
  close(): void;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** The relay's http(s) origin (the page's). */
  relay: string;
  /** Direct WebRTC connections (default true); false: the relay tunnel only. */
  webrtc?: boolean;
  /** Access token of a private relay ('' or absent: none). */
  token?: string;
  /** The relay's tracker socket: open, closed, or refusing our access token. */
  onRelayState: (state: RelayState) => void;
  onWarning?: (message: string) => void;
}

/**
 * The page's peers are mostly behind data channels or the tunnel, whose round trip needs a deep
 * pipeline: the swarm lets a receiver keep up to 1024 requests at a WebRTC/tunnel peer
 * (core's swarm/pipeline-limits.ts), so a page advertises `reqq` 1024 (BEP 10) and queues as
 * many. Tab → tab at 256 the receiver sat at the cap with the seeder's channel running empty.
 */
export const PAGE_WIRE_LIMITS: Readonly<Partial<WireLimits>> = Object.freeze({ maxPeerRequests: 1024 });

/** A gate whose cap can change at run time (unlimited when the rate is 0/Infinity). */
function adjustableGate(): { gate: RateGate; set(rate: number): void } {
  let throttle: Throttle | null = null;
  return {
    gate: { take: (bytes, signal) => (throttle ? throttle.wait(bytes, signal) : Promise.resolve()) },
    set(rate) {
      if (!(rate > 0) || !Number.isFinite(rate)) throttle = null;
      else if (throttle) throttle.bucket.setRate(rate);
      else throttle = createThrottle(rate);
    },
  };
}

/** Start the engine for this page. */
export function createEngine(opts: EngineOptions): Engine {
  const peerId = generatePeerId();
  let hasher: Promise<Hasher> | null = null;
  const pool = createHashPool({ size: Math.max(1, Math.min(4, (navigator.hardwareConcurrency ?? 2) - 1)) }) as unknown as HashPool;
  const peers = new BrowserRelayPeers({
    relay: opts.relay,
    ...(opts.token ? { token: opts.token } : {}),
    peerId,
    ...(opts.webrtc === false ? { RTCPeerConnection: null } : {}),
    // Tab ⇄ tab (bench/web.mjs, BENCH_WEB_TRACE=1): with 16 KiB messages and a 1 MiB mark the
    // seeder's channel sat empty 13–22 % of the time and every block took two messages (16 KiB +
    // its 13-byte header). 64 KiB messages (core clamps them to the remote's max-message-size;
    // Node peers advertise 256 KiB) and a deeper 4 MiB queue, as a raw channel is driven.
    connection: { highWaterMark: 4 << 20, lowWaterMark: 1 << 20, messageSize: 64 << 10 },
    onState: opts.onRelayState,
    ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
  });
  // Loaded now, not at the first share or receive: a receive page opened from a link waits for
  // the hasher (wasm compile) before it can announce its offers, on the way to the first byte.
  void (hasher = createHasher() as Promise<Hasher>).catch(() => undefined);
  const up = adjustableGate();
  const down = adjustableGate();
  return {
    peerId,
    hasher: () => (hasher ??= createHasher() as Promise<Hasher>),
    pool,
    peers,
    uploadGate: up.gate,
    downloadGate: down.gate,
    wireLimits: PAGE_WIRE_LIMITS,
    setRates(u, d) {
      up.set(u);
      down.set(d);
    },
    close() {
      void peers.close();
      void (pool as unknown as { destroy(): Promise<void> }).destroy();
    },
  };
}
