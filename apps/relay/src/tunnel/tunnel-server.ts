/**
 * @module tunnel/tunnel-server — the relay's `/tunnel` WebSocket endpoint: reservations,
 * circuit requests and the limits on both. Self-contained: give it upgrade requests
 * ({@link TunnelServer.handleUpgrade}) from any node:http server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Circuit, type ForwardTap } from './circuit.js';
import { CLOSE_CODES, parseClientRequest, statusMessage, type ClientRequest, type TunnelStatus } from './control.js';
import { DEFAULT_TUNNEL_LIMITS, type TunnelLimits } from './limits.js';
import { TokenBucket } from './token-bucket.js';
import { createTunnelStats, PerIpCounts, type TunnelStats } from './tunnel-stats.js';

/** Options of {@link createTunnelServer}: any limit, the access token, and a test tap. */
export interface TunnelServerOptions {
  limits?: Partial<TunnelLimits>;
  /** When set, every control message must carry this token (else PERMISSION_DENIED). */
  token?: string | null;
  /** Sees every forwarded frame (tests: prove the relay only sees ciphertext). */
  onForward?: ForwardTap;
  /** Called on counter changes, e.g. to mirror them into a metrics registry. */
  onEvent?: (event: TunnelEvent) => void;
}

/** Counter changes reported through {@link TunnelServerOptions.onEvent}. */
export type TunnelEvent =
  | { type: 'circuit-opened' }
  | { type: 'circuit-closed' }
  | { type: 'refused'; status: TunnelStatus; request: RefusedRequest }
  | { type: 'bytes'; bytes: number };

/** What a refusal refused: a reservation, a circuit (CONNECT/ACCEPT), or a connection before any valid request. */
export type RefusedRequest = 'reservation' | 'circuit' | 'connection';

/** The tunnel endpoint. */
export interface TunnelServer {
  readonly limits: Readonly<TunnelLimits>;
  /** Takes over an upgrade request for `/tunnel`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Current counters. */
  stats(): TunnelStats;
  /** Closes every tunnel socket. */
  close(): Promise<void>;
}

interface Reservation {
  key: string;
  ws: WebSocket;
  ip: string;
  expiresAt: number;
}

interface Pending {
  id: string;
  dialer: WebSocket;
  ip: string;
  /** The dialer asked to send its data frames unmasked. */
  unmasked: boolean;
  timer: ReturnType<typeof setTimeout>;
}

/** Creates the tunnel endpoint (see docs/tunnel.md for the protocol and limits). */
export function createTunnelServer(options: TunnelServerOptions = {}): TunnelServer {
  const limits: TunnelLimits = { ...DEFAULT_TUNNEL_LIMITS };
  for (const [k, v] of Object.entries(options.limits ?? {})) if (typeof v === 'number') limits[k as keyof TunnelLimits] = v;
  const token = options.token ? Buffer.from(options.token) : undefined;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false, clientTracking: true });
  const globalBucket = new TokenBucket(limits.globalRateBytesPerSec, limits.globalBurstBytes);
  const reservations = new Map<string, Reservation>();
  const pending = new Map<string, Pending>();
  const circuits = new Set<Circuit>();
  const perIp = new PerIpCounts();
  const stats = createTunnelStats();
  const emit = (e: TunnelEvent): void => options.onEvent?.(e);

  const refuse = (ws: WebSocket, status: Exclude<TunnelStatus, 'OK'>, message: string, request: RefusedRequest = 'connection'): void => {
    stats.refused[status] = (stats.refused[status] ?? 0) + 1;
    emit({ type: 'refused', status, request });
    if (ws.readyState !== ws.OPEN) return;
    ws.send(statusMessage(status, { message }));
    ws.close(CLOSE_CODES[status], status);
  };

  const tokenOk = (got: string | undefined): boolean => {
    if (!token) return true;
    if (got === undefined) return false;
    const g = Buffer.from(got);
    return g.length === token.length && timingSafeEqual(g, token);
  };

  // Reservations live while their socket answers pings; the sweep also drops expired ones.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const r of reservations.values()) {
      if (now > r.expiresAt) r.ws.terminate();
      else r.ws.ping();
    }
  }, Math.max(50, Math.floor(limits.reservationTtlMs / 3)));
  sweep.unref?.();

  function reserve(ws: WebSocket, ip: string, req: Extract<ClientRequest, { type: 'RESERVE' }>): void {
    const key = `${req.infoHash}:${req.peerId}`;
    const old = reservations.get(key);
    if (old && old.ip !== ip) return refuse(ws, 'RESERVATION_REFUSED', 'peer id already reserved in this swarm', 'reservation');
    if (!old && perIp.get(ip).reservations >= limits.maxReservationsPerIp) return refuse(ws, 'RESOURCE_LIMIT_EXCEEDED', 'too many reservations from this address', 'reservation');
    if (!old && reservations.size >= limits.maxReservations) return refuse(ws, 'RESOURCE_LIMIT_EXCEEDED', 'relay reservation capacity reached', 'reservation');
    if (old) old.ws.close(CLOSE_CODES.RESERVATION_REFUSED, 'replaced by a newer reservation');
    const r: Reservation = { key, ws, ip, expiresAt: Date.now() + limits.reservationTtlMs };
    if (!old) perIp.get(ip).reservations++;
    reservations.set(key, r);
    ws.on('pong', () => (r.expiresAt = Date.now() + limits.reservationTtlMs));
    ws.on('message', () => refuse(ws, 'MALFORMED_MESSAGE', 'nothing may follow RESERVE on its socket', 'reservation'));
    ws.on('close', () => {
      if (reservations.get(key) === r) {
        reservations.delete(key);
        perIp.get(ip).reservations--;
        perIp.prune(ip);
      } else if (old === undefined) {
        // replaced: the newer reservation inherited this one's count
      }
    });
    ws.send(statusMessage('OK', { reservation: { ttlMs: limits.reservationTtlMs } }));
  }

  function connect(ws: WebSocket, ip: string, req: Extract<ClientRequest, { type: 'CONNECT' }>): void {
    if (perIp.get(ip).circuits >= limits.maxCircuitsPerIp) return refuse(ws, 'RESOURCE_LIMIT_EXCEEDED', 'too many circuits from this address', 'circuit');
    if (pending.size + circuits.size >= limits.maxCircuits) return refuse(ws, 'RESOURCE_LIMIT_EXCEEDED', 'relay circuit capacity reached', 'circuit');
    const target = reservations.get(`${req.infoHash}:${req.peerId}`);
    if (!target || target.ws.readyState !== target.ws.OPEN) return refuse(ws, 'NO_RESERVATION', 'no such peer reserved in this swarm', 'circuit');
    const id = randomBytes(16).toString('hex');
    perIp.get(ip).circuits++;
    const release = (): void => {
      perIp.get(ip).circuits--;
      perIp.prune(ip);
    };
    const p: Pending = {
      id,
      dialer: ws,
      ip,
      unmasked: req.unmasked,
      timer: setTimeout(() => {
        pending.delete(id);
        release();
        refuse(ws, 'CONNECTION_FAILED', 'the peer did not accept in time', 'circuit');
      }, limits.handshakeTimeoutMs),
    };
    pending.set(id, p);
    ws.once('close', () => {
      if (pending.delete(id)) {
        clearTimeout(p.timer);
        release();
      }
    });
    ws.on('message', (_d, isBinary) => {
      if (pending.has(id)) refuse(ws, 'MALFORMED_MESSAGE', isBinary ? 'data before the circuit is open' : 'one request per socket', 'circuit');
    });
    target.ws.send(JSON.stringify({ v: 1, type: 'INCOMING', circuitId: id, from: req.from }));
  }

  function accept(ws: WebSocket, req: Extract<ClientRequest, { type: 'ACCEPT' }>): void {
    const p = pending.get(req.circuitId);
    if (!p || p.dialer.readyState !== p.dialer.OPEN) return refuse(ws, 'CONNECTION_FAILED', 'no such circuit pending', 'circuit');
    pending.delete(p.id);
    clearTimeout(p.timer);
    p.dialer.removeAllListeners('message');
    const circuit = new Circuit(p.id, p.ip, p.dialer, ws, {
      limits,
      globalBucket,
      onForward: options.onForward,
      onBytes: (n) => {
        stats.bytesRelayed += n;
        emit({ type: 'bytes', bytes: n });
      },
      onEnd: (c) => {
        if (!circuits.delete(c)) return;
        perIp.get(c.dialerIp).circuits--;
        perIp.prune(c.dialerIp);
        emit({ type: 'circuit-closed' });
      },
      unmasked: [p.unmasked, req.unmasked],
    });
    // Sent once the circuit reads both sockets: `unmasked` says whether this side's frame reader
    // takes unmasked data frames (asked for, and frames are read off the socket, not by ws).
    const circuitLimits = { maxBytes: limits.maxCircuitBytes, maxDurationMs: limits.maxCircuitDurationMs, maxFrameBytes: limits.maxFrameBytes };
    const [dialerUnmasked, listenerUnmasked] = circuit.unmasked;
    p.dialer.send(statusMessage('OK', { limits: circuitLimits, ...(dialerUnmasked ? { unmasked: true } : {}) }));
    ws.send(statusMessage('OK', { limits: circuitLimits, ...(listenerUnmasked ? { unmasked: true } : {}) }));
    circuits.add(circuit);
    stats.circuitsOpened++;
    emit({ type: 'circuit-opened' });
  }

  function onConnection(ws: WebSocket, ip: string): void {
    ws.on('error', () => undefined);
    const counts = perIp.get(ip);
    if (counts.connections >= limits.maxConnectionsPerIp) return refuse(ws, 'RESOURCE_LIMIT_EXCEEDED', 'too many connections from this address');
    counts.connections++;
    ws.once('close', () => {
      perIp.get(ip).connections--;
      perIp.prune(ip);
    });
    const timer = setTimeout(() => refuse(ws, 'CONNECTION_FAILED', 'no request in time'), limits.handshakeTimeoutMs);
    ws.once('message', (data, isBinary) => {
      clearTimeout(timer);
      const req = parseClientRequest(data, isBinary);
      if (!req) return refuse(ws, 'MALFORMED_MESSAGE', 'expected a RESERVE, CONNECT or ACCEPT message (v: 1)');
      if (!tokenOk(req.token)) return refuse(ws, 'PERMISSION_DENIED', 'access token missing or wrong', req.type === 'RESERVE' ? 'reservation' : 'circuit');
      if (req.type === 'RESERVE') reserve(ws, ip, req);
      else if (req.type === 'CONNECT') connect(ws, ip, req);
      else accept(ws, req);
    });
    ws.once('close', () => clearTimeout(timer));
  }

  return {
    limits,
    handleUpgrade(req, socket, head) {
      const ip = req.socket.remoteAddress ?? 'unknown';
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, ip));
    },
    stats: () => ({ ...stats, refused: { ...stats.refused }, reservations: reservations.size, circuitsPending: pending.size, circuitsOpen: circuits.size, queuedBytes: [...circuits].reduce((n, c) => n + c.queuedBytes, 0) }),
    async close() {
      clearInterval(sweep);
      for (const p of pending.values()) clearTimeout(p.timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
