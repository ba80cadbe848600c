/**
 * @module ws/ws-tracker — the WebTorrent-compatible WebSocket tracker: announces join the shared
 * swarm registry, offers fan out to other WebSocket peers of the swarm, answers are routed back
 * to the offerer by `to_peer_id`, and a closed socket leaves all its swarms. Message shapes
 * match bittorrent-tracker's server (lib/server/parse-websocket.js, server.js).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log.js';
import type { RefusalReason } from '../metrics.js';
import type { RelayState } from '../state.js';
import { parseWsMessage, type WsAnnounce, type WsScrape } from './messages.js';
import { onSocketClose, onSocketError, onSocketMessage, onSocketPong, type SocketOwner, TrackerSocket } from './tracker-socket.js';
import { rejectUpgrade } from '../upgrade-router.js';

/** How often idle sockets are pinged; a socket that missed the previous ping is dropped. */
export const PING_INTERVAL_MS = 30_000;

/** The WebSocket tracker; `handleUpgrade` is registered on `/announce` and `/`. */
export class WsTracker implements SocketOwner {
  readonly sockets = new Set<TrackerSocket>();
  /** Open sockets per remote IP (entries removed at zero). */
  private readonly perIp = new Map<string, number>();
  private readonly wss: WebSocketServer;
  private readonly pinger: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  constructor(
    private readonly state: RelayState,
    private readonly log: Logger,
    pingIntervalMs = PING_INTERVAL_MS,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: state.config.maxPayload,
      WebSocket: TrackerSocket,
    });
    this.pinger = setInterval(() => this.pingAll(), pingIntervalMs);
    this.pinger.unref();
  }

  /** Upgrades an HTTP request to a tracker socket (refused with 503 past maxConnections). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.sockets.size >= this.state.config.maxConnections) {
      this.refuse('connections');
      rejectUpgrade(socket, 503, 'too many connections');
      return;
    }
    const ip = req.socket.remoteAddress ?? '';
    if ((this.perIp.get(ip) ?? 0) >= this.state.config.maxConnectionsPerIp) {
      this.refuse('connections_per_ip');
      rejectUpgrade(socket, 503, 'too many connections from this address');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const sock = ws as TrackerSocket;
      sock.ip = ip;
      this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
      this.onConnection(sock);
    });
  }

  private onConnection(sock: TrackerSocket): void {
    sock.owner = this;
    sock.tokens = this.state.config.msgBurst;
    sock.refilledAt = Date.now();
    sock.lastSeen = this.seconds();
    this.sockets.add(sock);
    this.state.metrics.wsConnectionsOpened.inc();
    this.state.metrics.wsConnections.set(this.sockets.size);
    sock.on('message', onSocketMessage);
    sock.on('close', onSocketClose);
    sock.on('error', onSocketError);
    sock.on('pong', onSocketPong);
  }

  onMessage(sock: TrackerSocket, data: WebSocket.RawData): void {
    if (sock.readyState !== WebSocket.OPEN || !this.allow(sock)) return;
    sock.lastSeen = this.seconds();
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    const msg = parseWsMessage(text, this.state.config.maxOffers);
    if ('error' in msg) {
      this.refuse('bad_message');
      this.send(sock, msg.infoHash ? { action: msg.action, 'failure reason': msg.error, info_hash: msg.infoHash } : { 'failure reason': msg.error });
      return;
    }
    if (msg.action === 'announce') this.announce(sock, msg);
    else this.scrape(sock, msg);
  }

  private announce(sock: TrackerSocket, msg: WsAnnounce): void {
    const { registry, metrics, config } = this.state;
    metrics.announces.ws.inc();
    const got = registry.announceWs(msg, sock);
    if ('refused' in got) {
      this.refuse(got.refused);
      this.send(sock, { action: 'announce', 'failure reason': got.reason, info_hash: msg.infoHash });
      return;
    }
    const { swarm, rec } = got;
    // bittorrent-tracker sends no announce response to an answer.
    if (msg.answer === undefined) {
      this.send(sock, { action: 'announce', complete: swarm.complete, incomplete: swarm.incomplete, interval: config.interval, info_hash: msg.infoHash });
    }
    if (rec && msg.offers.length > 0) {
      const targets = registry.wsPeers(swarm, Math.min(msg.offers.length, config.maxNumwant), rec);
      targets.forEach((peer, i) => {
        const o = msg.offers[i];
        if (!o || !(peer.socket instanceof TrackerSocket)) return;
        this.send(peer.socket, { action: 'announce', offer: o.offer, offer_id: o.offer_id, peer_id: msg.peerId, info_hash: msg.infoHash });
        metrics.offersRelayed.inc();
      });
    }
    if (msg.answer !== undefined) {
      const to = registry.get(msg.infoHash)?.peers.get(msg.toPeerId as string);
      if (to?.socket instanceof TrackerSocket && to.socket.isOpen()) {
        this.send(to.socket, { action: 'announce', answer: msg.answer, offer_id: msg.offerId, peer_id: msg.peerId, info_hash: msg.infoHash });
        metrics.answersRelayed.inc();
      } else metrics.answersDropped.inc();
    }
  }

  private scrape(sock: TrackerSocket, msg: WsScrape): void {
    const { registry, metrics, config } = this.state;
    metrics.scrapes.ws.inc();
    const files: Record<string, { complete: number; incomplete: number; downloaded: number }> = {};
    for (const h of msg.infoHashes) {
      const s = registry.get(h);
      files[h] = { complete: s?.complete ?? 0, incomplete: s?.incomplete ?? 0, downloaded: s?.downloaded ?? 0 };
    }
    this.send(sock, { action: 'scrape', files, flags: { min_request_interval: config.minInterval } });
  }

  /** Token bucket per socket: over the limit → one failure reason, then close if it persists. */
  private allow(sock: TrackerSocket): boolean {
    const { msgRate, msgBurst } = this.state.config;
    const now = Date.now();
    sock.tokens = Math.min(msgBurst, sock.tokens + ((now - sock.refilledAt) * msgRate) / 1000);
    sock.refilledAt = now;
    if (sock.tokens >= msgBurst) sock.dropped = 0;
    if (sock.tokens >= 1) {
      sock.tokens -= 1;
      return true;
    }
    this.refuse('rate_limited');
    if (++sock.dropped === 1) this.send(sock, { 'failure reason': 'rate limit exceeded' });
    if (sock.dropped >= msgBurst) {
      this.log('ws_closed', { reason: 'rate_limited' });
      sock.close(1008, 'rate limit exceeded');
    }
    return false;
  }

  /** Sends JSON; a socket that does not read what it is sent is dropped (bounded buffers). */
  private send(sock: TrackerSocket, body: object): void {
    if (sock.readyState !== WebSocket.OPEN) return;
    if (sock.bufferedAmount > this.state.config.maxBufferedBytes) {
      this.refuse('slow_consumer');
      sock.terminate();
      return;
    }
    sock.send(JSON.stringify(body));
  }

  onClose(sock: TrackerSocket): void {
    if (!this.sockets.delete(sock)) return;
    const n = (this.perIp.get(sock.ip) ?? 1) - 1;
    if (n > 0) this.perIp.set(sock.ip, n);
    else this.perIp.delete(sock.ip);
    this.state.registry.leaveAll(sock);
    sock.owner = null;
    this.state.metrics.wsConnections.set(this.sockets.size);
  }

  onError(sock: TrackerSocket, err: Error & { code?: string }): void {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.refuse('oversized');
    else this.refuse('bad_message');
    // ws closes the socket itself after a protocol error; 'close' then cleans up.
  }

  private refuse(reason: RefusalReason): void {
    this.state.metrics.refused(reason).inc();
  }

  private seconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }

  private pingAll(): void {
    const now = this.seconds();
    for (const sock of this.sockets) {
      if (!sock.alive) {
        sock.terminate();
        continue;
      }
      // A socket in no swarm that stays silent holds a slot for nothing.
      if (!sock.records?.length && now - sock.lastSeen >= this.state.config.idleTimeout) {
        sock.close(1000, 'idle');
        continue;
      }
      sock.alive = false;
      sock.ping();
    }
  }

  /** Closes every socket (1001 going away) and stops the ping timer. */
  close(): void {
    clearInterval(this.pinger);
    for (const sock of this.sockets) sock.close(1001, 'relay shutting down');
    this.wss.close();
  }
}
