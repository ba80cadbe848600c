/**
 * @module lib/session — the network side shared by `seed` and `get`: the TCP listener with one
 * {@link SwarmHost} routing inbound peers by info-hash, the dialer, trackers (HTTP, plus the
 * relay's `/announce`), rate caps, and the file probe used to skip hashing missing files.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { httpTrackerDiscovery, SwarmHost, type Connection, type Listener, type PeerDiscovery, type RateGate, type StorageFile, type Transport } from '@seedling/core';
import { createTcpTransport } from '@seedling/core/node';
import { CliError, usage } from './errors.js';
import { nodeFetch } from './node-fetch.js';
import { rateGate } from './rate.js';

/** Transports the CLI knows: TCP, WebRTC (relay WebSocket tracker) and the relay tunnel. */
export const TRANSPORT_KINDS = ['tcp', 'webrtc', 'tunnel'] as const;
/** One of {@link TRANSPORT_KINDS}. */
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** Network flags of `seed` and `get`. */
export interface NetworkOptions {
  port?: number;
  bind?: string;
  relay?: string;
  tracker: string[];
  peer: string[];
  transport: string[];
  upRate?: number;
  downRate?: number;
  /** Non-fatal problems (refused inbound peers), for `--json` warning events. */
  onWarning?: (message: string) => void;
}

/** An open session: listener, host and the parts a Swarm needs. */
export interface Session {
  readonly host: SwarmHost;
  readonly port: number;
  readonly transports: TransportSet;
  readonly dial: (address: string, signal: AbortSignal) => ReturnType<Transport['dial']>;
  readonly uploadGate?: RateGate;
  readonly downloadGate?: RateGate;
  /** Tracker URLs announced to (deduplicated). */
  trackers(extra: readonly string[]): PeerDiscovery[];
  close(): Promise<void>;
}

/** Which transports a session uses. */
export interface TransportSet {
  tcp: boolean;
  webrtc: boolean;
  tunnel: boolean;
}

/**
 * Check `--transport` values: none given means all that apply (tcp always; webrtc and tunnel
 * when a relay is known); webrtc or tunnel without a relay is a usage error.
 */
export function checkTransports(kinds: readonly string[], relay?: string): TransportSet {
  for (const k of kinds) {
    if (!(TRANSPORT_KINDS as readonly string[]).includes(k)) throw usage(`unknown transport "${k}" (expected tcp, webrtc or tunnel)`);
    if (k !== 'tcp' && !relay) throw usage(`--transport ${k} needs a relay (--relay URL, or a share link)`);
  }
  if (kinds.length === 0) return { tcp: true, webrtc: !!relay, tunnel: !!relay };
  return { tcp: kinds.includes('tcp'), webrtc: kinds.includes('webrtc'), tunnel: kinds.includes('tunnel') };
}

/** The relay's HTTP tracker URL. */
export function relayAnnounceUrl(relay: string): string {
  let url: URL;
  try {
    url = new URL(relay);
  } catch {
    throw usage(`--relay needs a URL, got ${relay}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usage(`--relay needs an http(s) URL, got ${relay}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/announce`;
}

/**
 * The relay's WebSocket tracker URL (`ws://` for an http relay, `wss://` for https): the same
 * path as {@link relayAnnounceUrl}, the only tracker kind WebTorrent in a browser can use.
 */
export function relayWebSocketTrackerUrl(relay: string): string {
  const url = new URL(relayAnnounceUrl(relay));
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${url.pathname}`;
}

/**
 * The relay's trackers to list in a magnet or .torrent: the HTTP tracker first, then (with
 * WebRTC on) the WebSocket tracker. HTTP first because clients without WebSocket trackers
 * (aria2, Transmission, libtorrent without WebTorrent support) try the tiers in order
 * (BEP 12) and skip the `ws` URL; WebTorrent skips the HTTP one in a browser.
 */
export function relayTrackerUrls(relay: string, webrtc: boolean): string[] {
  return webrtc ? [relayAnnounceUrl(relay), relayWebSocketTrackerUrl(relay)] : [relayAnnounceUrl(relay)];
}

/** Open the listener and build the session. */
export async function openSession(opts: NetworkOptions): Promise<Session> {
  const transports = checkTransports(opts.transport, opts.relay);
  const transport = createTcpTransport();
  const host = new SwarmHost();
  host.onReject = (address, reason) => opts.onWarning?.(`inbound ${address} refused: ${reason}`);
  const bind = opts.bind ?? '0.0.0.0';
  let listener: Listener;
  try {
    // Without tcp the listener only holds the announced port: inbound TCP peers are closed.
    const accept = transports.tcp ? host.accept : (conn: Connection) => conn.close();
    listener = await transport.listen(`${bind.includes(':') ? `[${bind}]` : bind}:${opts.port ?? 0}`, accept);
  } catch (err) {
    throw new CliError('CLI_FAILED', `cannot listen on ${bind}:${opts.port ?? 0}: ${(err as Error).message}`, { cause: err });
  }
  const uploadGate = rateGate(opts.upRate);
  const downloadGate = rateGate(opts.downRate);
  const base = [...opts.tracker, ...(opts.relay ? [relayAnnounceUrl(opts.relay)] : [])];
  return {
    host,
    port: listener.port,
    transports,
    dial: (address, signal) => transport.dial(address, { signal }),
    ...(uploadGate ? { uploadGate } : {}),
    ...(downloadGate ? { downloadGate } : {}),
    trackers(extra) {
      const urls = [...new Set([...base, ...extra])].filter((u) => /^https?:\/\//i.test(u));
      return urls.map((u) => httpTrackerDiscovery(u, { fetch: nodeFetch }));
    },
    close: () => listener.close(),
  };
}

/** Size on disk of a torrent file under `root` (0 when missing): lets resume skip absent files. */
export function fileProbe(root: string): (file: StorageFile) => Promise<number> {
  return async (file) => {
    try {
      return (await stat(join(root, ...file.path))).size;
    } catch {
      return 0;
    }
  };
}
