/**
 * @module adapters/browser/webrtc-signaling — WebRTC peers for swarms, signalled through a
 * WebSocket tracker (the relay's `/announce`), as WebTorrent does: each announce carries fresh
 * offers; an answer to one of ours becomes an outbound peer (we send the BitTorrent handshake
 * first), an offer from another peer is answered and becomes an inbound peer (routed by its
 * handshake through a {@link SwarmHost}). One tracker socket serves every torrent of the page.
 * Platform objects (WebSocket, RTCPeerConnection) are injected, defaulting to the browser's.
 */
import { bytesToHex } from '../../bencode/bytes.js';
import { SwarmHost } from '../../swarm/swarm-host.js';
import type { Swarm } from '../../swarm/swarm.js';
import type { TrackerError } from '../../tracker/errors.js';
import type { WebSocketConstructor } from '../../tracker/websocket-like.js';
import { WsAnnouncer } from '../../tracker/ws-announcer.js';
import type { IncomingAnswer, IncomingOffer, OutgoingOffer } from '../../tracker/ws-protocol.js';
import { WsTrackerClient } from '../../tracker/ws-tracker-client.js';
import type { Connection } from '../../transport/transport.js';
import { acceptWebRtcOffer } from '../../webrtc/accept-offer.js';
import { createWebRtcOffer, type WebRtcOffer } from '../../webrtc/create-offer.js';
import type { DataChannelConnectionOptions } from '../../webrtc/data-channel-connection.js';
import type { RtcPeerConnectionConstructor } from '../../webrtc/rtc-types.js';

/** Options of {@link WebRtcSignaling}. */
export interface WebRtcSignalingOptions {
  /** `ws(s)://…/announce` of the relay. */
  url: string;
  /** Our 20-byte peer id (use the same for the swarms). */
  peerId: Uint8Array;
  WebSocket?: WebSocketConstructor;
  RTCPeerConnection?: RtcPeerConnectionConstructor;
  /** Unanswered offers are dropped after this long (default 50 s). */
  offerTimeoutMs?: number;
  /** Backpressure and message size of the data channel connections. */
  connection?: DataChannelConnectionOptions;
  /** Offers per announce (default 3). */
  offersPerAnnounce?: number;
  /** Tracker socket state changes (for "relay unreachable"). */
  onState?: (state: 'open' | 'closed') => void;
  onWarning?: (message: string) => void;
}

interface PendingOffer {
  offer: WebRtcOffer;
  swarm: Swarm;
  timer: ReturnType<typeof setTimeout>;
}

/** Connects swarms to WebRTC peers found through one WebSocket tracker. */
export class WebRtcSignaling {
  readonly #opts: WebRtcSignalingOptions;
  readonly #client: WsTrackerClient;
  readonly #host = new SwarmHost();
  readonly #swarms = new Map<string, { swarm: Swarm; announcer: WsAnnouncer }>();
  readonly #pending = new Map<string, PendingOffer>();
  readonly #ready = new Map<string, Connection>();
  readonly #PC: RtcPeerConnectionConstructor;
  #seq = 0;

  constructor(opts: WebRtcSignalingOptions) {
    this.#opts = opts;
    this.#PC = opts.RTCPeerConnection ?? (globalThis.RTCPeerConnection as unknown as RtcPeerConnectionConstructor);
    this.#host.onReject = (address, reason) => opts.onWarning?.(`peer ${address} refused: ${reason}`);
    this.#client = new WsTrackerClient({
      url: opts.url,
      peerId: opts.peerId,
      WebSocket: opts.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor),
      onOffer: (o) => void this.#onOffer(o),
      onAnswer: (a) => void this.#onAnswer(a),
      onWarning: (e: TrackerError) => opts.onWarning?.(e.message),
      onOpen: () => opts.onState?.('open'),
      onClose: () => opts.onState?.('closed'),
    });
  }

  /** For `SwarmOptions.dial`: hands out the WebRTC connections opened for a swarm. */
  readonly dial = async (address: string): Promise<Connection> => {
    const conn = this.#ready.get(address);
    this.#ready.delete(address);
    if (!conn) throw new Error(`no WebRTC connection for ${address}`);
    return conn;
  };

  /** Announces `swarm` and connects it to the peers the tracker introduces; returns a remover. */
  add(swarm: Swarm): () => Promise<void> {
    const infoHash = swarm.handshakeHashes[0]!;
    const key = bytesToHex(infoHash);
    const removeHost = this.#host.add(swarm);
    const announcer = new WsAnnouncer({
      client: this.#client,
      infoHash,
      offersPerAnnounce: this.#opts.offersPerAnnounce ?? 3,
      createOffers: (n, signal) => this.#createOffers(swarm, n, signal),
      stats: () => {
        const s = swarm.stats();
        return { uploaded: s.uploaded, downloaded: s.downloaded, left: swarm.complete ? 0 : Math.max(1, s.length - s.verified) };
      },
      onError: (e) => this.#opts.onWarning?.(`tracker: ${e.message}`),
    });
    this.#swarms.set(key, { swarm, announcer });
    const offDone = swarm.events.on('done', () => void announcer.complete());
    void announcer.start();
    return async () => {
      offDone();
      removeHost();
      this.#swarms.delete(key);
      for (const [id, p] of this.#pending) if (p.swarm === swarm) this.#drop(id);
      await announcer.stop();
    };
  }

  /** Closes the tracker socket and every pending offer. */
  close(): void {
    for (const id of [...this.#pending.keys()]) this.#drop(id);
    for (const c of this.#ready.values()) c.close();
    this.#ready.clear();
    this.#client.close();
  }

  async #createOffers(swarm: Swarm, n: number, signal: AbortSignal): Promise<OutgoingOffer[]> {
    const made = await Promise.allSettled(Array.from({ length: n }, () => createWebRtcOffer({ RTCPeerConnection: this.#PC, signal, ...this.#conn() })));
    const out: OutgoingOffer[] = [];
    for (const r of made) {
      if (r.status !== 'fulfilled') continue;
      const offerId = crypto.getRandomValues(new Uint8Array(20));
      const id = bytesToHex(offerId);
      const timer = setTimeout(() => this.#drop(id), this.#opts.offerTimeoutMs ?? 50_000);
      this.#pending.set(id, { offer: r.value, swarm, timer });
      out.push({ offerId, offer: { type: 'offer', sdp: r.value.sdp } });
    }
    if (out.length === 0 && made[0]?.status === 'rejected') this.#opts.onWarning?.(`WebRTC offer failed: ${(made[0].reason as Error).message}`);
    return out;
  }

  #conn(): { connection?: DataChannelConnectionOptions } {
    return this.#opts.connection ? { connection: this.#opts.connection } : {};
  }

  #drop(id: string): void {
    const p = this.#pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    p.offer.cancel();
    this.#pending.delete(id);
  }

  async #onAnswer(a: IncomingAnswer): Promise<void> {
    const id = bytesToHex(a.offerId);
    const p = this.#pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending.delete(id);
    try {
      const conn = await p.offer.accept(a.answer.sdp);
      const address = `webrtc/${bytesToHex(a.peerId).slice(0, 12)}/${++this.#seq}`;
      this.#ready.set(address, conn);
      p.swarm.addPeer(address);
    } catch (err) {
      this.#opts.onWarning?.(`WebRTC connection failed: ${(err as Error).message}`);
    }
  }

  async #onOffer(o: IncomingOffer): Promise<void> {
    const entry = this.#swarms.get(bytesToHex(o.infoHash));
    if (!entry || entry.swarm.signal.aborted) return;
    try {
      const answer = await acceptWebRtcOffer({ RTCPeerConnection: this.#PC, offerSdp: o.offer.sdp, signal: entry.swarm.signal, ...this.#conn() });
      this.#client.sendAnswer({ infoHash: o.infoHash, toPeerId: o.peerId, offerId: o.offerId, answer: { type: 'answer', sdp: answer.sdp } });
      this.#host.accept(await answer.connection);
    } catch (err) {
      this.#opts.onWarning?.(`WebRTC answer failed: ${(err as Error).message}`);
    }
  }
}
