/** @module tunnel/listen — holding a reservation on a relay and accepting circuits to it. */
import { TunnelError } from './errors.js';
import { encodeClientMessage, parseRelayMessage, statusFromCloseCode } from './control.js';
import { expectOk } from './dial.js';
import { DEFAULT_TUNNEL_TIMEOUT_MS, checkIds, messageBudget, tunnelUrl, withToken, type RelayTunnelOptions } from './options.js';
import { secureListener } from './secure-channel.js';
import type { SecureConnection } from './secure-connection.js';
import { openSocket } from './websocket.js';

/** Options of {@link listenViaRelay}. */
export interface ListenViaRelayOptions extends RelayTunnelOptions {
  /** Our peer id: what dialers ask the relay for. */
  peerId: string;
  /** Called with each inbound, end-to-end encrypted connection. */
  onConnection: (conn: SecureConnection) => void;
  /** Called when accepting one inbound circuit fails (the reservation stays). */
  onError?: (err: TunnelError) => void;
  /** Inbound circuits being set up at once; more INCOMING notices are refused (default 16). */
  maxPendingAccepts?: number;
}

/** Default of {@link ListenViaRelayOptions.maxPendingAccepts}. */
export const DEFAULT_MAX_PENDING_ACCEPTS = 16;

/** A live reservation; the relay keeps it while its socket lives (it pings, the socket pongs). */
export interface RelayReservation {
  /** Reservation lifetime the relay granted, refreshed by each pong, in ms. */
  readonly ttlMs: number;
  /** Resolves when the reservation ends (closed, aborted, or dropped by the relay). */
  readonly closed: Promise<void>;
  /** Why the reservation ended, once it has (undefined after a local close). */
  readonly closeReason: TunnelError | undefined;
  /** Ends the reservation; circuits already open are not affected. */
  close(): void;
}

/**
 * Reserves `peerId` in swarm `infoHash` on a relay and accepts circuits to it. Rejects with the
 * relay's status as a {@link TunnelError} (e.g. `PERMISSION_DENIED`, `RESOURCE_LIMIT_EXCEEDED`).
 */
export async function listenViaRelay(options: ListenViaRelayOptions): Promise<RelayReservation> {
  checkIds(options.infoHash, options.peerId);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TUNNEL_TIMEOUT_MS;
  const url = tunnelUrl(options.relay);
  const host = new URL(url).host;
  const tokenPart = options.token ? { token: options.token } : {};
  const port = await openSocket(options.WebSocket, withToken(url, options.token), { timeoutMs, signal: options.signal });
  let ttlMs: number;
  try {
    port.ws.send(encodeClientMessage({ v: 1, type: 'RESERVE', infoHash: options.infoHash, peerId: options.peerId, ...tokenPart }));
    const ok = await expectOk(port, timeoutMs, options.signal);
    ttlMs = ok.reservation?.ttlMs ?? 0;
  } catch (err) {
    if (port.ws.readyState < 2) port.ws.close(1000, 'reserve failed');
    throw err;
  }
  const stop = new AbortController();
  const maxPending = options.maxPendingAccepts ?? DEFAULT_MAX_PENDING_ACCEPTS;
  let accepting = 0;
  let closeReason: TunnelError | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const report = (err: unknown): void => {
    const e = err instanceof TunnelError ? err : new TunnelError('CONNECTION_FAILED', 'accepting a circuit failed', { cause: err });
    options.onError?.(e);
  };

  const accept = async (circuitId: string, from: string): Promise<void> => {
    const signal = stop.signal;
    const circuit = await openSocket(options.WebSocket, withToken(url, options.token), { timeoutMs, signal });
    let ok: Awaited<ReturnType<typeof expectOk>>;
    try {
      circuit.ws.send(encodeClientMessage({ v: 1, type: 'ACCEPT', circuitId, ...tokenPart, ...(options.wire ? { unmasked: true as const } : {}) }));
      ok = await expectOk(circuit, timeoutMs, signal);
    } catch (err) {
      if (circuit.ws.readyState < 2) circuit.ws.close(1000, 'accept failed');
      throw err;
    }
    const conn = await secureListener(circuit, { infoHash: options.infoHash, dialerPeerId: from, listenerPeerId: options.peerId }, {
      ...options,
      maxMessageBytes: messageBudget(ok.limits, options.maxMessageBytes),
      unmaskedFrames: ok.unmasked === true,
      signal,
      timeoutMs,
      remoteAddress: `${from}@${host}`,
    });
    options.onConnection(conn);
  };

  port.attach((ev) => {
    if (ev.kind === 'close') {
      if (!stop.signal.aborted) {
        const code = statusFromCloseCode(ev.code) ?? 'CONNECTION_FAILED';
        closeReason = new TunnelError(code, `relay ended the reservation (${ev.code} ${ev.reason})`);
      }
      stop.abort();
      resolveClosed();
      return;
    }
    if (stop.signal.aborted) return; // closing: accept nothing more
    try {
      if (ev.kind !== 'text') throw new TunnelError('PROTOCOL_ERROR', 'binary frame on a reservation socket');
      const msg = parseRelayMessage(ev.text);
      if (msg.type !== 'INCOMING') throw new TunnelError('PROTOCOL_ERROR', `unexpected ${msg.type} on a reservation socket`);
      if (accepting >= maxPending) throw new TunnelError('RESOURCE_LIMIT_EXCEEDED', `more than ${maxPending} inbound circuits being set up`);
      accepting++;
      accept(msg.circuitId, msg.from)
        .catch(report)
        .finally(() => accepting--);
    } catch (err) {
      report(err);
    }
  });

  const close = (): void => {
    if (stop.signal.aborted) return;
    stop.abort();
    port.ws.close(1000, 'reservation closed');
  };
  options.signal?.addEventListener('abort', close, { once: true });
  return {
    ttlMs,
    closed,
    get closeReason() {
      return closeReason;
    },
    close,
  };
}
