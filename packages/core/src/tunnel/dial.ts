/** @module tunnel/dial — opening a circuit to a reserved peer through a relay. */
import { TunnelError } from './errors.js';
import { encodeClientMessage, parseRelayMessage, statusError, statusFromCloseCode } from './control.js';
import { DEFAULT_TUNNEL_TIMEOUT_MS, checkIds, messageBudget, tunnelUrl, withToken, type RelayTunnelOptions } from './options.js';
import { secureDialer } from './secure-channel.js';
import type { SecureConnection } from './secure-connection.js';
import { openSocket, type SocketPort } from './websocket.js';

/** Options of {@link dialViaRelay}. */
export interface DialViaRelayOptions extends RelayTunnelOptions {
  /** Our peer id (told to the listener; part of the key transcript). */
  localPeerId: string;
  /** The reserved peer to reach. */
  remotePeerId: string;
}

/** Waits for the relay's STATUS; resolves on OK, throws the status as TunnelError otherwise. */
export async function expectOk(port: SocketPort, timeoutMs: number, signal?: AbortSignal): Promise<Extract<ReturnType<typeof parseRelayMessage>, { type: 'STATUS' }>> {
  const ev = await port.next(timeoutMs, signal);
  if (ev.kind === 'close') throw new TunnelError(statusFromCloseCode(ev.code) ?? 'CONNECTION_FAILED', `relay closed the socket (${ev.code} ${ev.reason})`);
  if (ev.kind !== 'text') throw new TunnelError('PROTOCOL_ERROR', 'expected a STATUS message from the relay');
  const msg = parseRelayMessage(ev.text);
  if (msg.type !== 'STATUS') throw new TunnelError('PROTOCOL_ERROR', `expected STATUS, got ${msg.type}`);
  if (msg.status !== 'OK') throw statusError(msg.status, msg.message);
  return msg;
}

/**
 * Opens an end-to-end encrypted circuit to `remotePeerId` of swarm `infoHash` through a relay.
 * Rejects with a {@link TunnelError} whose code is the relay's status (e.g. `NO_RESERVATION`,
 * `PERMISSION_DENIED`, `RESOURCE_LIMIT_EXCEEDED`), or `TIMEOUT`, `ABORTED`, `HANDSHAKE_FAILED`.
 */
export async function dialViaRelay(options: DialViaRelayOptions): Promise<SecureConnection> {
  checkIds(options.infoHash, options.localPeerId, options.remotePeerId);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TUNNEL_TIMEOUT_MS;
  const url = tunnelUrl(options.relay);
  const port = await openSocket(options.WebSocket, withToken(url, options.token), { timeoutMs, signal: options.signal });
  let ok: Awaited<ReturnType<typeof expectOk>>;
  try {
    port.ws.send(
      encodeClientMessage({ v: 1, type: 'CONNECT', infoHash: options.infoHash, peerId: options.remotePeerId, from: options.localPeerId, ...(options.token ? { token: options.token } : {}), ...(options.wire ? { unmasked: true as const } : {}) }),
    );
    ok = await expectOk(port, timeoutMs, options.signal);
  } catch (err) {
    if (port.ws.readyState < 2) port.ws.close(1000, 'dial failed');
    throw err;
  }
  const host = new URL(url).host;
  return secureDialer(port, { infoHash: options.infoHash, dialerPeerId: options.localPeerId, listenerPeerId: options.remotePeerId }, {
    ...options,
    maxMessageBytes: messageBudget(ok.limits, options.maxMessageBytes),
    unmaskedFrames: ok.unmasked === true,
    timeoutMs,
    remoteAddress: `${options.remotePeerId}@${host}`,
  });
}
