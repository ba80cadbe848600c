/**
 * @module tunnel/control — the control messages spoken with a relay's `/tunnel` endpoint.
 *
 * Control messages are JSON objects in WebSocket *text* frames, each carrying the protocol
 * version `v`; data is carried in *binary* frames only once a circuit is open. Terminal
 * conditions are reported as WebSocket close codes (4000 + status index, see
 * {@link TUNNEL_CLOSE_CODES}) with the status name as reason. See docs/tunnel.md.
 */
import { TunnelError, type TunnelErrorCode } from './errors.js';

/** Version of the control protocol; a relay refuses other versions with MALFORMED_MESSAGE. */
export const TUNNEL_PROTOCOL_VERSION = 1;

/** Largest control message either side accepts, in bytes of JSON. */
export const MAX_CONTROL_MESSAGE_BYTES = 2048;

/** Relay statuses (libp2p circuit relay v2 names). */
export const TunnelStatus = {
  OK: 'OK',
  RESERVATION_REFUSED: 'RESERVATION_REFUSED',
  RESOURCE_LIMIT_EXCEEDED: 'RESOURCE_LIMIT_EXCEEDED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NO_RESERVATION: 'NO_RESERVATION',
  MALFORMED_MESSAGE: 'MALFORMED_MESSAGE',
  CONNECTION_FAILED: 'CONNECTION_FAILED',
} as const;

/** One relay status name. */
export type TunnelStatusName = (typeof TunnelStatus)[keyof typeof TunnelStatus];

/** WebSocket close codes the relay uses for each status (1000 = the other end closed normally). */
export const TUNNEL_CLOSE_CODES: Readonly<Record<Exclude<TunnelStatusName, 'OK'>, number>> = {
  RESERVATION_REFUSED: 4001,
  RESOURCE_LIMIT_EXCEEDED: 4002,
  PERMISSION_DENIED: 4003,
  NO_RESERVATION: 4004,
  MALFORMED_MESSAGE: 4005,
  CONNECTION_FAILED: 4006,
};

/** Limits the relay applies to an open circuit (0 = unlimited), as told in the OK status. */
export interface CircuitLimits {
  maxBytes: number;
  maxDurationMs: number;
  /** Largest WebSocket message the relay accepts (absent from older relays: assume 64 KiB + 1 KiB). */
  maxFrameBytes?: number;
}

/**
 * Messages a client sends to the relay. `unmasked: true` on CONNECT / ACCEPT: this client would
 * rather send its circuit's binary frames unmasked (a Node peer with a wire, see tunnel/wire.ts);
 * it does so only if the relay's OK says `unmasked: true`. Relays that predate it ignore it.
 */
export type ClientControlMessage =
  | { v: 1; type: 'RESERVE'; infoHash: string; peerId: string; token?: string }
  | { v: 1; type: 'CONNECT'; infoHash: string; peerId: string; from: string; token?: string; unmasked?: true }
  | { v: 1; type: 'ACCEPT'; circuitId: string; token?: string; unmasked?: true };

/** Messages the relay sends to a client. */
export type RelayControlMessage =
  | {
      v: 1;
      type: 'STATUS';
      status: TunnelStatusName;
      message?: string;
      reservation?: { ttlMs: number };
      limits?: CircuitLimits;
      /** On a circuit's OK: the relay reads this socket's binary (data) frames unmasked too. */
      unmasked?: boolean;
    }
  | { v: 1; type: 'INCOMING'; circuitId: string; from: string };

const INFO_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const PEER_ID = /^[A-Za-z0-9._~-]{1,64}$/;
const STATUS_NAMES = new Set<string>(Object.values(TunnelStatus));

/** Whether `s` is a valid swarm id: a lowercase hex v1 (40) or v2 (64) info-hash. */
export function isTunnelInfoHash(s: unknown): s is string {
  return typeof s === 'string' && INFO_HASH.test(s);
}

/** Whether `s` is a valid tunnel peer id: 1–64 of `A-Z a-z 0-9 . _ ~ -` (hex peer ids fit). */
export function isTunnelPeerId(s: unknown): s is string {
  return typeof s === 'string' && PEER_ID.test(s);
}

/** Serializes a client control message. */
export function encodeClientMessage(msg: ClientControlMessage): string {
  return JSON.stringify(msg);
}

/** Parses a relay control message; throws TunnelError(MALFORMED_MESSAGE) on anything else. */
export function parseRelayMessage(text: string): RelayControlMessage {
  const bad = (why: string): TunnelError => new TunnelError('MALFORMED_MESSAGE', `bad relay message: ${why}`);
  if (text.length > MAX_CONTROL_MESSAGE_BYTES) throw bad('too long');
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (cause) {
    throw new TunnelError('MALFORMED_MESSAGE', 'relay message is not JSON', { cause });
  }
  if (typeof m !== 'object' || m === null) throw bad('not an object');
  const o = m as Record<string, unknown>;
  if (o.v !== TUNNEL_PROTOCOL_VERSION) throw bad(`unsupported version ${String(o.v)}`);
  if (o.type === 'STATUS') {
    if (typeof o.status !== 'string' || !STATUS_NAMES.has(o.status)) throw bad('unknown status');
    return o as RelayControlMessage;
  }
  if (o.type === 'INCOMING') {
    if (typeof o.circuitId !== 'string' || o.circuitId.length > 64) throw bad('bad circuitId');
    if (!isTunnelPeerId(o.from)) throw bad('bad from');
    return o as RelayControlMessage;
  }
  throw bad('unknown type');
}

/** Maps a relay close code (4001–4006) to its TunnelError code, or undefined. */
export function statusFromCloseCode(code: number): TunnelErrorCode | undefined {
  for (const [name, c] of Object.entries(TUNNEL_CLOSE_CODES)) if (c === code) return name as TunnelErrorCode;
  return undefined;
}

/** Turns a non-OK status into a TunnelError carrying the status as code. */
export function statusError(status: TunnelStatusName, message?: string): TunnelError {
  const code: TunnelErrorCode = status === 'OK' ? 'PROTOCOL_ERROR' : status;
  return new TunnelError(code, message ? `relay: ${status}: ${message}` : `relay: ${status}`);
}
