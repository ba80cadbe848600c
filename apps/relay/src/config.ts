/** @module config — the relay's settings, their defaults and hard limits. */

/** Every setting of the relay. Each has a flag and an env variable (see README.md and cli.ts). */
export interface RelayConfig {
  /** Interface to bind; 127.0.0.1 unless asked otherwise. */
  host: string;
  /** TCP port; 0 picks a free one (the bound port is logged). */
  port: number;
  /** When set, tracker and upgrade requests must carry `?token=` or `Authorization: Bearer`. */
  token: string | null;
  /** Announce interval in seconds told to HTTP and WebSocket clients (BEP 3 `interval`). */
  interval: number;
  /** BEP 3 `min interval` in seconds. */
  minInterval: number;
  /** Max WebSocket message size in bytes (ws `maxPayload`). */
  maxPayload: number;
  /** Messages per second one WebSocket may send (token bucket refill rate). */
  msgRate: number;
  /** Token bucket size: messages one WebSocket may send in a burst. */
  msgBurst: number;
  /** Swarms (info-hashes) one WebSocket may join. */
  maxSwarmsPerSocket: number;
  /** Peers kept per swarm. */
  maxPeersPerSwarm: number;
  /** Swarms kept in total. */
  maxSwarms: number;
  /** Peer records kept in total (HTTP and WebSocket). */
  maxPeers: number;
  /** Concurrent tracker WebSocket connections. */
  maxConnections: number;
  /** Concurrent tracker WebSocket connections from one IP address. */
  maxConnectionsPerIp: number;
  /** Cap on `numwant` (HTTP) and on offers fanned out per announce (WebSocket). */
  maxNumwant: number;
  /** Offers accepted per WebSocket announce; extra offers are ignored. */
  maxOffers: number;
  /** Seconds a WebSocket may stay open without joining any swarm before it is closed. */
  idleTimeout: number;
  /** Bytes queued for one WebSocket before the relay drops it as too slow. */
  maxBufferedBytes: number;
  /** Directory of the built web app (apps/web/dist by default). */
  webRoot: string;
  /** HTTP `/announce` + `/scrape` requests per second per client IP (token bucket refill; 0 = unlimited). */
  httpRate: number;
  /** HTTP tracker requests one IP may make in a burst (token bucket size). */
  httpBurst: number;
  /** Client IPs whose HTTP request buckets are kept (least recently seen evicted first). */
  httpRateIps: number;
  /** Accept the announce `ip` parameter from any client (default: only from loopback). */
  trustIpParam: boolean;
}

/** `numwant` when an HTTP client gives none (BEP 3 suggests 50). */
export const DEFAULT_NUMWANT = 50;

/** Default web root: apps/web/dist, resolved relative to this package (src/ or dist/). */
export function defaultWebRoot(): string {
  return decodeURIComponent(new URL('../../web/dist', import.meta.url).pathname);
}

/** The defaults; `resolveConfig` fills a partial config from these. */
export function defaultConfig(): RelayConfig {
  return {
    host: '127.0.0.1',
    port: 8000,
    token: null,
    interval: 120,
    minInterval: 30,
    maxPayload: 64 * 1024,
    msgRate: 20,
    msgBurst: 60,
    maxSwarmsPerSocket: 256,
    maxPeersPerSwarm: 2000,
    maxSwarms: 100_000,
    maxPeers: 500_000,
    maxConnections: 20_000,
    maxConnectionsPerIp: 1000,
    maxNumwant: 80,
    maxOffers: 10,
    maxBufferedBytes: 1024 * 1024,
    idleTimeout: 300,
    // Clients announce every `interval` (120 s) and scrape rarely; the burst leaves room for many
    // clients behind one NAT and for a client starting many torrents at once.
    httpRate: 10,
    httpBurst: 100,
    httpRateIps: 100_000,
    webRoot: defaultWebRoot(),
    trustIpParam: false,
  };
}

/** Fills missing settings with defaults. */
export function resolveConfig(partial: Partial<RelayConfig> = {}): RelayConfig {
  const cfg = { ...defaultConfig() };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (cfg as Record<string, unknown>)[k] = v;
  return cfg;
}
