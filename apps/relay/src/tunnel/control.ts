/**
 * @module tunnel/control — the relay's reading of client control messages (JSON text frames
 * with version `v: 1`) and its replies. The same protocol is implemented on the client in
 * packages/core/src/tunnel/control.ts; docs/tunnel.md is the contract between the two.
 */

/** Relay statuses (libp2p circuit relay v2 names). */
export type TunnelStatus =
  | 'OK'
  | 'RESERVATION_REFUSED'
  | 'RESOURCE_LIMIT_EXCEEDED'
  | 'PERMISSION_DENIED'
  | 'NO_RESERVATION'
  | 'MALFORMED_MESSAGE'
  | 'CONNECTION_FAILED';

/** WebSocket close code of each refusal status. */
export const CLOSE_CODES: Readonly<Record<Exclude<TunnelStatus, 'OK'>, number>> = {
  RESERVATION_REFUSED: 4001,
  RESOURCE_LIMIT_EXCEEDED: 4002,
  PERMISSION_DENIED: 4003,
  NO_RESERVATION: 4004,
  MALFORMED_MESSAGE: 4005,
  CONNECTION_FAILED: 4006,
};

/** Largest control message, in bytes. */
export const MAX_CONTROL_BYTES = 2048;

/**
 * A validated client request. `unmasked` (CONNECT / ACCEPT): the client would rather send its
 * circuit's data frames unmasked (a Node peer's wire); the OK tells it whether it may.
 */
export type ClientRequest =
  | { type: 'RESERVE'; infoHash: string; peerId: string; token?: string }
  | { type: 'CONNECT'; infoHash: string; peerId: string; from: string; token?: string; unmasked: boolean }
  | { type: 'ACCEPT'; circuitId: string; token?: string; unmasked: boolean };

const INFO_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const PEER_ID = /^[A-Za-z0-9._~-]{1,64}$/;
const CIRCUIT_ID = /^[0-9a-f]{32}$/;

const str = (o: Record<string, unknown>, k: string, re: RegExp): string | undefined => {
  const v = o[k];
  return typeof v === 'string' && re.test(v) ? v : undefined;
};

/** Parses a client control message; returns undefined for anything malformed. */
export function parseClientRequest(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ClientRequest | undefined {
  if (isBinary || !Buffer.isBuffer(data) || data.length > MAX_CONTROL_BYTES) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const o = m as Record<string, unknown>;
  if (o.v !== 1) return undefined;
  if (o.token !== undefined && (typeof o.token !== 'string' || o.token.length > 512)) return undefined;
  const token = typeof o.token === 'string' ? { token: o.token } : {};
  const unmasked = o.unmasked === true;
  const infoHash = str(o, 'infoHash', INFO_HASH);
  const peerId = str(o, 'peerId', PEER_ID);
  if (o.type === 'RESERVE') return infoHash && peerId ? { type: 'RESERVE', infoHash, peerId, ...token } : undefined;
  if (o.type === 'CONNECT') {
    const from = str(o, 'from', PEER_ID);
    return infoHash && peerId && from ? { type: 'CONNECT', infoHash, peerId, from, ...token, unmasked } : undefined;
  }
  if (o.type === 'ACCEPT') {
    const circuitId = str(o, 'circuitId', CIRCUIT_ID);
    return circuitId ? { type: 'ACCEPT', circuitId, ...token, unmasked } : undefined;
  }
  return undefined;
}

/** A STATUS reply (JSON text). */
export function statusMessage(status: TunnelStatus, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: 1, type: 'STATUS', status, ...extra });
}
