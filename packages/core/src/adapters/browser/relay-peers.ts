/**
 * @module adapters/browser/relay-peers — the peers of a page's swarms, all found through the relay
 * serving it: WebRTC peers signalled through its WebSocket tracker by core's
 * {@link WebRtcTrackerSignaling} (the same signaling the CLI uses: offers per announce, answers
 * by offer id, offers living until answered or stale), one tracker socket for every swarm of the
 * page; and the relay tunnel as fallback when WebRTC has not connected to a peer within a few
 * seconds (or is off), see {@link startTunnelFallback}. This adapter only supplies the browser's
 * `WebSocket` and `RTCPeerConnection`; every connection, offered, answered or tunnelled, goes to
 * its swarm through `Swarm.addConnection` (both sides send the BitTorrent handshake at once, BEP 3).
 */
import { bytesToHex } from '../../bencode/bytes.js';
import type { Swarm } from '../../swarm/swarm.js';
import { WebRtcTrackerSignaling } from '../../tracker/webrtc-signaling.js';
import type { WebSocketConstructor } from '../../tracker/websocket-like.js';
import { WsTrackerClient } from '../../tracker/ws-tracker-client.js';
import type { Connection } from '../../transport/transport.js';
import type { WebSocketConstructor as TunnelWebSocketConstructor } from '../../tunnel/websocket.js';
import { acceptWebRtcOffer } from '../../webrtc/accept-offer.js';
import { createWebRtcOffer } from '../../webrtc/create-offer.js';
import type { DataChannelConnectionOptions } from '../../webrtc/data-channel-options.js';
import type { RtcPeerConnectionConstructor } from '../../webrtc/rtc-types.js';
import { withToken } from '../../tunnel/options.js';
import { probeRelayAccess } from './relay-access.js';
import { startTunnelFallback } from './tunnel-fallback.js';

/** Longest WebSocket re-announce interval (s) of an incomplete swarm: fresh offers out soon. */
const DOWNLOADER_REANNOUNCE_SEC = 15;
/** A peer seen through the relay but not connected over WebRTC after this is dialled through the tunnel. */
export const TUNNEL_FALLBACK_MS = 4000;

/** Options of {@link BrowserRelayPeers}. */
export interface BrowserRelayPeersOptions {
  /** The relay's http(s) origin (the page's origin when the relay serves it). */
  relay: string;
  /** Our 20-byte peer id (the swarms use the same). */
  peerId: Uint8Array;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Default `globalThis.RTCPeerConnection`; `null` turns WebRTC off (announces carry no offers). */
  RTCPeerConnection?: RtcPeerConnectionConstructor | null;
  /** Backpressure and message size of the data channel connections. */
  connection?: DataChannelConnectionOptions;
  /** Offers per announce (default 3). */
  offersPerAnnounce?: number;
  /** Use the relay tunnel (reservation, and dials after {@link tunnelFallbackMs}); default true. */
  tunnel?: boolean;
  /** Default {@link TUNNEL_FALLBACK_MS}; with WebRTC off, tunnels are dialled at once. */
  tunnelFallbackMs?: number;
  /**
   * Access token of a private relay (its `--token`): sent as `?token=` on the tracker socket and
   * the HTTP lookups, and in the tunnel's control messages (browsers cannot set headers on a
   * WebSocket).
   */
  token?: string;
  /**
   * Tracker socket state changes: `closed` for "relay unreachable", `unauthorized` when the
   * relay refuses our access token (or needs one we do not have).
   */
  onState?: (state: RelayState) => void;
  onWarning?: (message: string) => void;
}

/** The page's view of its relay's tracker socket. */
export type RelayState = 'open' | 'closed' | 'unauthorized';

/** The relay's WebSocket tracker URL, `ws(s)://<host>/announce` (with `?token=` when given). */
export function relayTrackerWsUrl(relay: string, token?: string): string {
  const u = new URL(relay);
  return withToken(`${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}/announce`, token);
}

/** Connects a page's swarms to the peers the relay introduces. */
export class BrowserRelayPeers {
  readonly #opts: BrowserRelayPeersOptions;
  readonly #client: WsTrackerClient;
  readonly #PC: RtcPeerConnectionConstructor | null;
  readonly #swarms = new Set<() => Promise<void>>();
  #probing = false;
  #closed = false;
  /** Refused for our token since the last open: reconnect failures stay `unauthorized`. */
  #refused = false;

  constructor(opts: BrowserRelayPeersOptions) {
    this.#opts = opts;
    this.#PC = opts.RTCPeerConnection === undefined ? ((globalThis.RTCPeerConnection as unknown as RtcPeerConnectionConstructor | undefined) ?? null) : opts.RTCPeerConnection;
    this.#client = new WsTrackerClient({
      url: relayTrackerWsUrl(opts.relay, opts.token),
      peerId: opts.peerId,
      WebSocket: opts.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor),
      onWarning: (e) => this.#warn(`tracker: ${e.message}`),
      onOpen: () => {
        this.#refused = false;
        opts.onState?.('open');
      },
      onClose: () => this.#onClose(),
    });
    // Connected at once, not at the first swarm's announce: a page with nothing to share yet
    // still learns (and shows) that its relay is down or refuses it. Reconnects follow closes.
    if (opts.onState) this.#client.connect().catch(() => undefined);
  }

  /** Closed: say so at once, then ask the relay whether it refused our token. */
  #onClose(): void {
    const { onState } = this.#opts;
    if (!this.#refused) onState?.('closed');
    if (!onState || this.#probing || this.#closed || this.#refused) return;
    this.#probing = true;
    void probeRelayAccess({ relay: this.#opts.relay, ...(this.#opts.token ? { token: this.#opts.token } : {}) }).then((access) => {
      this.#probing = false;
      if (access === 'token-refused' && !this.#closed && !this.#refused) {
        this.#refused = true;
        onState('unauthorized');
        this.#warn(this.#opts.token ? 'the relay refused our access token' : 'the relay requires an access token');
      }
    });
  }

  /** Whether this page makes WebRTC connections. */
  get webrtc(): boolean {
    return this.#PC !== null;
  }

  /** The page's WebSocket tracker client (for peer ids learned from offers and answers). */
  get client(): WsTrackerClient {
    return this.#client;
  }

  /** Announces `swarm` and hands it the connections made for it; returns a remover. */
  add(swarm: Swarm): () => Promise<void> {
    const PC = this.#PC;
    const conn = this.#opts.connection ? { connection: this.#opts.connection } : {};
    let removed = false;
    const signaling = new WebRtcTrackerSignaling({
      client: this.#client,
      infoHash: swarm.handshakeHashes[0]!,
      stats: () => {
        const s = swarm.stats();
        return { uploaded: s.uploaded, downloaded: s.downloaded, left: swarm.complete ? 0 : Math.max(1, s.length - s.verified) };
      },
      offersPerAnnounce: PC ? (this.#opts.offersPerAnnounce ?? 3) : 0,
      createOffer: async (signal) => {
        if (!PC) throw new Error('WebRTC is off');
        return createWebRtcOffer({ RTCPeerConnection: PC, signal, ...conn });
      },
      acceptOffer: async (offerSdp, signal) => {
        if (!PC) throw new Error('WebRTC is off');
        return acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp, signal, ...conn });
      },
      onConnection: (c: Connection) => (removed || swarm.signal.aborted ? c.close() : swarm.addConnection(c)),
      shouldAnswer: (peerId) => PC !== null && !swarm.hasPeer(peerId),
      // A downloader re-announces (with fresh offers) at least this often until it completes.
      ...(swarm.complete ? {} : { maxIntervalSec: DOWNLOADER_REANNOUNCE_SEC }),
      onError: (err) => this.#warn(`webrtc ${bytesToHex(swarm.handshakeHashes[0]!).slice(0, 8)}: ${err.message}`),
    });
    const offDone = swarm.events.on('done', () => void signaling.complete());
    const tunnel =
      this.#opts.tunnel === false
        ? null
        : startTunnelFallback({
            relay: this.#opts.relay,
            ...(this.#opts.token ? { token: this.#opts.token } : {}),
            swarm,
            WebSocket: (this.#opts.WebSocket ?? globalThis.WebSocket) as unknown as TunnelWebSocketConstructor,
            delayMs: PC ? (this.#opts.tunnelFallbackMs ?? TUNNEL_FALLBACK_MS) : 0,
            onWarning: (m) => this.#warn(m),
          });
    const key = bytesToHex(swarm.handshakeHashes[0]!);
    const learn = (infoHash: Uint8Array, peerId: Uint8Array): void => {
      if (bytesToHex(infoHash) === key) tunnel?.learn(peerId);
    };
    const offSignals = tunnel ? this.#client.addSignalListener({ onOffer: (o) => learn(o.infoHash, o.peerId), onAnswer: (a) => learn(a.infoHash, a.peerId) }) : () => undefined;
    void signaling.start();
    const remove = async (): Promise<void> => {
      if (removed) return;
      removed = true;
      this.#swarms.delete(remove);
      offDone();
      offSignals();
      tunnel?.close();
      await signaling.stop();
    };
    this.#swarms.add(remove);
    return remove;
  }

  /** Stops every swarm's signaling and closes the tracker socket. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#swarms].map((r) => r()));
    this.#client.close();
  }

  #warn(message: string): void {
    this.#opts.onWarning?.(message);
  }
}
