/** @module tunnel/options — options shared by dialing and listening through a relay, and their checks. */
import { TunnelError } from './errors.js';
import { isTunnelInfoHash, isTunnelPeerId, type CircuitLimits } from './control.js';
import type { SecureConnectionOptions } from './secure-connection.js';
import type { WebSocketConstructor } from './websocket.js';

/** Default timeout of each step (connect, relay answer, handshake), in ms. */
export const DEFAULT_TUNNEL_TIMEOUT_MS = 15_000;

/** Default cap on the WebSocket messages a tunnel peer sends: 16 full records + slack. */
export const DEFAULT_TUNNEL_MESSAGE_BYTES = 1024 * 1024 + 1024;
/** The relay frame limit assumed when the relay does not advertise one (its former default). */
const LEGACY_RELAY_FRAME_BYTES = 64 * 1024 + 1024;

/**
 * The message size to send through a relay: the relay's advertised `maxFrameBytes` (from the
 * circuit's OK status), capped by `wanted` (default {@link DEFAULT_TUNNEL_MESSAGE_BYTES}).
 */
export function messageBudget(limits: CircuitLimits | undefined, wanted: number | undefined): number {
  const relay = typeof limits?.maxFrameBytes === 'number' && limits.maxFrameBytes > 0 ? limits.maxFrameBytes : LEGACY_RELAY_FRAME_BYTES;
  return Math.min(relay, wanted ?? DEFAULT_TUNNEL_MESSAGE_BYTES);
}

/** Options common to {@link dialViaRelay} and {@link listenViaRelay}. */
export interface RelayTunnelOptions extends SecureConnectionOptions {
  /** The relay: its http(s) origin or its ws(s) `/tunnel` URL. */
  relay: string;
  /** WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. */
  WebSocket: WebSocketConstructor;
  /** Swarm id: lowercase hex info-hash (v1: 40 chars, v2: 64 chars). */
  infoHash: string;
  /** Access token of a private relay. */
  token?: string;
  /** Timeout of each step in ms (default 15 s). */
  timeoutMs?: number;
  /** Cancels the dial, or ends the reservation. */
  signal?: AbortSignal;
}

/** The ws(s) URL of a relay's `/tunnel` endpoint, from its http(s) origin or a ws(s) URL. */
export function tunnelUrl(relay: string): string {
  let u: URL;
  try {
    u = new URL(relay);
  } catch (cause) {
    throw new TunnelError('CONNECTION_FAILED', `not a relay URL: ${relay}`, { cause });
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  else if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new TunnelError('CONNECTION_FAILED', `not a relay URL: ${relay}`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/tunnel';
  u.hash = '';
  return u.toString();
}

/**
 * Adds `?token=` to a tunnel URL: relays that guard every WebSocket upgrade with their access
 * token check it there; the tunnel endpoint checks the copy in the control message too.
 */
export function withToken(url: string, token: string | undefined): string {
  if (!token) return url;
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}

/** Throws MALFORMED_MESSAGE unless the swarm and peer ids are well-formed. */
export function checkIds(infoHash: string, ...peerIds: string[]): void {
  if (!isTunnelInfoHash(infoHash)) throw new TunnelError('MALFORMED_MESSAGE', 'infoHash must be 40 or 64 lowercase hex characters');
  for (const id of peerIds) {
    if (!isTunnelPeerId(id)) throw new TunnelError('MALFORMED_MESSAGE', 'peer ids must be 1–64 characters of A-Z a-z 0-9 . _ ~ -');
  }
}
