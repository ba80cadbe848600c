/**
 * @module lib/relay-peers — the relay side of one swarm: WebRTC peers through the relay's
 * WebSocket tracker (WebTorrent signaling: offers per announce, answers by offer id), a tunnel
 * reservation on the relay under our peer id, and the automatic tunnel fallback: a peer id
 * learned from the WebSocket tracker (its offer or answer) or from the relay's HTTP tracker
 * (non-compact BEP 3 peer list, which carries peer ids) that has not connected over WebRTC
 * within {@link TUNNEL_FALLBACK_MS} is dialled through the relay's `/tunnel` (with TCP on, an
 * id known only from the HTTP tracker waits {@link TUNNEL_FALLBACK_TCP_MS}: TCP goes first).
 * With TCP on, WebRTC is loaded and offered lazily (lib/webrtc-peers.ts, lib/offer-policy.ts).
 *
 * Tunnel ids: the swarm is the hex of the 20-byte handshake info-hash (v1, or v2 truncated),
 * the peer is the hex of its 20-byte BitTorrent peer id — nothing beyond what a WebTorrent
 * tracker already carries.
 *
 * Debug option: `SEEDLING_WEBRTC_DROP_REMOTE_CANDIDATES=1` removes every ICE candidate from the
 * SDPs received, so WebRTC negotiation completes but no data channel can open (to exercise the
 * fallback; docs/tunnel.md).
 */
import { WebSocket } from 'ws';
import {
  bytesToHex,
  dialViaRelay,
  hexToBytes,
  httpAnnounce,
  listenViaRelay,
  type RelayReservation,
  type Swarm,
  type SwarmHost,
  type TunnelWebSocketConstructor,
} from '@seedling/core';
import { nodeTunnelCipher, nodeTunnelWire } from '@seedling/core/node';
import { nodeFetch } from './node-fetch.js';
import { startWebRtcPeers } from './webrtc-peers.js';

/** A peer id learned but not connected over WebRTC is dialled through the tunnel after this. */
export const TUNNEL_FALLBACK_MS = 4000;
/**
 * With TCP on, a peer id learned only from the relay's HTTP tracker (which also lists its TCP
 * address, dialled by the swarm) gets this long before the tunnel is tried: on a loaded host a
 * TCP connect plus handshake can take seconds, and a tunnel is a costly duplicate of it.
 */
export const TUNNEL_FALLBACK_TCP_MS = 10_000;
/** How often an incomplete swarm asks the relay's HTTP tracker for peer ids (tunnel lookup). */
const LOOKUP_MS = 3000;
/** The same with TCP on: ids from this list wait {@link TUNNEL_FALLBACK_TCP_MS} anyway. */
const LOOKUP_TCP_MS = 10_000;
/** Longest WebSocket re-announce interval of an incomplete swarm (fresh offers), in seconds. */
const DOWNLOADER_REANNOUNCE_SEC = 15;
/** A peer id is not dialled through the tunnel again for this long. */
const REDIAL_MS = 30_000;

/** Options of {@link attachRelayPeers}. */
export interface RelayPeersOptions {
  relay: string;
  swarm: Swarm;
  host: SwarmHost;
  webrtc: boolean;
  tunnel: boolean;
  /** TCP is on too: WebRTC is loaded and offered lazily (lib/offer-policy.ts). */
  tcp: boolean;
  /** Listen port announced in the tunnel lookup. */
  port: number;
  /** Bind node-datachannel to this address (127.0.0.1 on loopback-only hosts). */
  bindAddress?: string;
  onWarning?: (message: string) => void;
}

/** What {@link attachRelayPeers} started; `close` tears it all down. */
export interface RelayPeers {
  close(): Promise<void>;
}

/** The relay's WebSocket tracker URL (`ws(s)://…/announce`). */
export function relayWsUrl(relay: string): string {
  const u = new URL(relay);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/announce`;
  u.hash = '';
  return u.toString();
}

/** Start WebRTC signaling, the tunnel reservation and the fallback for one swarm. */
export async function attachRelayPeers(opts: RelayPeersOptions): Promise<RelayPeers> {
  const { swarm } = opts;
  const warn = (m: string): void => opts.onWarning?.(m);
  const ctrl = new AbortController();
  const infoHash = swarm.handshakeHashes[0]!;
  const swarmHex = bytesToHex(infoHash);
  const selfHex = bytesToHex(swarm.peerId);
  const tunnelTried = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const closers: Array<() => unknown> = [];

  const dialTunnel = (peerHex: string): void => {
    if (ctrl.signal.aborted || swarm.complete || peerHex === selfHex || swarm.hasPeer(hexToBytes(peerHex)!)) return;
    const last = tunnelTried.get(peerHex);
    if (last !== undefined && Date.now() - last < REDIAL_MS) return;
    tunnelTried.set(peerHex, Date.now());
    dialViaRelay({ relay: opts.relay, WebSocket: WebSocket as unknown as TunnelWebSocketConstructor, infoHash: swarmHex, localPeerId: selfHex, remotePeerId: peerHex, cipher: nodeTunnelCipher, wire: nodeTunnelWire, signal: ctrl.signal }).then(
      (conn) => (ctrl.signal.aborted ? conn.close() : swarm.addConnection(conn)),
      (err: Error) => warn(`tunnel to ${peerHex}: ${err.message}`),
    );
  };
  /** Fallback dials waiting, by peer id, with when they are due (the earliest learning wins). */
  const waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; due: number }>();
  /** A peer id from WebRTC signaling (`viaTcpTracker` false) or from the HTTP tracker's list. */
  const learn = (peerId: Uint8Array, viaTcpTracker: boolean): void => {
    if (!opts.tunnel || swarm.complete) return;
    const hex = bytesToHex(peerId);
    if (hex === selfHex || tunnelTried.has(hex)) return;
    const wait = viaTcpTracker && opts.tcp ? TUNNEL_FALLBACK_TCP_MS : opts.webrtc ? TUNNEL_FALLBACK_MS : 0;
    const due = Date.now() + wait;
    const prev = waiting.get(hex);
    if (prev && prev.due <= due) return;
    if (prev) {
      clearTimeout(prev.timer);
      timers.delete(prev.timer);
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      waiting.delete(hex);
      dialTunnel(hex);
    }, wait);
    timers.add(timer);
    waiting.set(hex, { timer, due });
  };

  if (opts.tunnel) {
    try {
      const reservation: RelayReservation = await listenViaRelay({
        relay: opts.relay,
        WebSocket: WebSocket as unknown as TunnelWebSocketConstructor,
        infoHash: swarmHex,
        peerId: selfHex,
        cipher: nodeTunnelCipher,
        wire: nodeTunnelWire,
        signal: ctrl.signal,
        onConnection: (conn) => opts.host.accept(conn),
        onError: (err) => warn(`tunnel inbound: ${err.message}`),
      });
      closers.push(() => reservation.close());
    } catch (err) {
      warn(`tunnel reservation: ${(err as Error).message}`);
    }
    const lookup = async (): Promise<void> => {
      if (ctrl.signal.aborted || swarm.complete) return;
      try {
        const s = swarm.stats();
        const res = await httpAnnounce(
          new URL('announce', opts.relay.replace(/\/*$/, '/')).toString(),
          { infoHash, peerId: swarm.peerId, port: opts.port, compact: false, numwant: 50, uploaded: s.uploaded, downloaded: s.downloaded, left: swarm.complete ? 0 : Math.max(1, s.length - s.verified) },
          { signal: ctrl.signal, fetch: nodeFetch },
        );
        for (const p of res.peers) if (p.peerId) learn(p.peerId, true);
      } catch (err) {
        if (!ctrl.signal.aborted) warn(`tunnel lookup: ${(err as Error).message}`);
      }
      if (!ctrl.signal.aborted && !swarm.complete) {
        const t = setTimeout(() => {
          timers.delete(t);
          void lookup();
        }, opts.tcp ? LOOKUP_TCP_MS : LOOKUP_MS);
        timers.add(t);
      }
    };
    void lookup();
  }

  if (opts.webrtc) {
    const rtc = await startWebRtcPeers({
      url: relayWsUrl(opts.relay),
      swarm,
      lazy: opts.tcp,
      ...(opts.bindAddress ? { bindAddress: opts.bindAddress } : {}),
      learn: (peerId) => learn(peerId, false),
      onConnection: (conn) => (ctrl.signal.aborted ? conn.close() : swarm.addConnection(conn)),
      warn,
    });
    if (rtc) closers.push(() => rtc.close());
  }

  return {
    async close() {
      ctrl.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const c of closers.reverse()) {
        try {
          await c();
        } catch {
          // best effort at shutdown
        }
      }
    },
  };
}
