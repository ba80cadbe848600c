/**
 * @module tracker/webrtc-signaling — finds WebRTC peers for one torrent through a WebSocket
 * tracker, the way WebTorrent does: each announce carries fresh offers; an answer to one of them
 * opens a connection; an offer from another peer is answered through the tracker. The WebRTC
 * side is injected as two factories (e.g. `createWebRtcOffer` / `acceptWebRtcOffer` from the
 * webrtc module bound to an `RTCPeerConnection`), so this module stays independent of it.
 *
 * @example
 * ```ts
 * const signaling = new WebRtcTrackerSignaling({
 *   client, infoHash, stats: () => swarm.stats(),
 *   createOffer: (signal) => createWebRtcOffer({ RTCPeerConnection, signal }),
 *   acceptOffer: (offerSdp, signal) => acceptWebRtcOffer({ RTCPeerConnection, offerSdp, signal }),
 *   onConnection: (conn) => swarm.addConnection(conn),
 * });
 * await signaling.start();
 * ```
 */
import type { Connection } from '../transport/transport.js';
import { TrackerError } from './errors.js';
import type { AnnounceStats } from './types.js';
import { WsAnnouncer } from './ws-announcer.js';
import { idHex, type IncomingAnswer, type IncomingOffer, type OutgoingOffer, type WsAnnounceResult } from './ws-protocol.js';
import type { WsTrackerClient } from './ws-tracker-client.js';

/** An offer waiting for its answer (shape of the webrtc module's `WebRtcOffer`). */
export interface SignalingOffer {
  readonly sdp: string;
  accept(answerSdp: string): Promise<Connection>;
  cancel(): void;
}

/** An answer to send back and the connection it opens (shape of `WebRtcAnswer`). */
export interface SignalingAnswer {
  readonly sdp: string;
  readonly connection: Promise<Connection>;
  cancel(): void;
}

/** Options of {@link WebRtcTrackerSignaling}. */
export interface WebRtcTrackerSignalingOptions {
  client: WsTrackerClient;
  infoHash: Uint8Array;
  createOffer: (signal: AbortSignal) => Promise<SignalingOffer>;
  acceptOffer: (offerSdp: string, signal: AbortSignal) => Promise<SignalingAnswer>;
  /** A WebRTC connection opened (either side); `peerId` is the remote tracker peer id. */
  onConnection: (conn: Connection, peerId: Uint8Array) => void;
  /** Transfer counters for announces. */
  stats: () => AnnounceStats;
  /** Whether to answer an offer from this peer (e.g. under a connection limit). Default: yes. */
  shouldAnswer?: (peerId: Uint8Array) => boolean;
  onError?: (err: Error) => void;
  onAnnounce?: (res: WsAnnounceResult) => void;
  /** Offers per announce (default 5); a function is asked at every announce (0: none this time). */
  offersPerAnnounce?: number | (() => number);
  /** Unanswered offers are cancelled after this (default 50 s, as WebTorrent). */
  offerTtlMs?: number;
  /** Offers kept waiting at once (default 50); announces create fewer when full. */
  maxPendingOffers?: number;
  /** Offers being answered at once (default 10); more are ignored. */
  maxConcurrentAnswers?: number;
  /** Announce interval bounds (s), passed to the announcer. */
  minIntervalSec?: number;
  /**
   * Upper bound on the re-announce interval (s): a peer still looking for peers (e.g. a
   * downloader whose one offer failed) gets fresh offers out sooner than the tracker's interval.
   */
  maxIntervalSec?: number;
}

/** WebRTC peer discovery for one torrent over one WebSocket tracker client. */
export class WebRtcTrackerSignaling {
  private readonly pending = new Map<string, { offer: SignalingOffer; timer: ReturnType<typeof setTimeout> }>();
  private readonly announcer: WsAnnouncer;
  private readonly ctrl = new AbortController();
  private readonly key: string;
  private answering = 0;
  private removeListener: (() => void) | null = null;

  constructor(private readonly opts: WebRtcTrackerSignalingOptions) {
    this.key = idHex(opts.infoHash);
    this.announcer = new WsAnnouncer({
      client: opts.client,
      infoHash: opts.infoHash,
      stats: opts.stats,
      offersPerAnnounce: opts.offersPerAnnounce ?? 5,
      createOffers: (n, signal) => this.createOffers(n, signal),
      ...(opts.minIntervalSec !== undefined ? { minIntervalSec: opts.minIntervalSec } : {}),
      ...(opts.maxIntervalSec !== undefined ? { maxIntervalSec: opts.maxIntervalSec } : {}),
      ...(opts.onAnnounce ? { onResponse: opts.onAnnounce } : {}),
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
  }

  /** Starts announcing with offers and answering offers; resolves after the first announce. */
  start(): Promise<WsAnnounceResult | null> {
    this.removeListener ??= this.opts.client.addSignalListener({ onOffer: (o) => this.onOffer(o), onAnswer: (a) => this.onAnswer(a) });
    return this.announcer.start();
  }

  /** Re-announces now, with fresh offers if `offersPerAnnounce` wants any (e.g. it just turned on). */
  announceNow(): Promise<WsAnnounceResult | null> {
    return this.announcer.announceNow();
  }

  /** Announces `completed` (BEP 3). */
  complete(): Promise<WsAnnounceResult | null> {
    return this.announcer.complete();
  }

  /** Stops: `stopped` to the tracker, pending offers cancelled, no more answers. */
  async stop(): Promise<void> {
    this.removeListener?.();
    this.removeListener = null;
    this.ctrl.abort();
    for (const { offer, timer } of this.pending.values()) {
      clearTimeout(timer);
      offer.cancel();
    }
    this.pending.clear();
    await this.announcer.stop();
  }

  private async createOffers(n: number, signal: AbortSignal): Promise<OutgoingOffer[]> {
    const room = Math.max(0, Math.min(n, (this.opts.maxPendingOffers ?? 50) - this.pending.size));
    // Offers live past their announce (until answered, stale or stopped): only stop() cancels
    // them through a signal. An announce superseded while offers were being made drops them below.
    const made = await Promise.allSettled(Array.from({ length: room }, () => this.opts.createOffer(this.ctrl.signal)));
    const out: OutgoingOffer[] = [];
    for (const r of made) {
      if (r.status === 'rejected') {
        this.report(r.reason);
        continue;
      }
      if (signal.aborted || this.ctrl.signal.aborted) {
        r.value.cancel();
        continue;
      }
      const offerId = crypto.getRandomValues(new Uint8Array(20));
      const timer = setTimeout(() => {
        this.pending.delete(idHex(offerId));
        r.value.cancel();
      }, this.opts.offerTtlMs ?? 50_000);
      this.pending.set(idHex(offerId), { offer: r.value, timer });
      out.push({ offerId, offer: { type: 'offer', sdp: r.value.sdp } });
    }
    return out;
  }

  private onAnswer(a: IncomingAnswer): void {
    if (idHex(a.infoHash) !== this.key || a.answer.type !== 'answer') return;
    const id = idHex(a.offerId);
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.offer.accept(a.answer.sdp).then(
      (conn) => this.opts.onConnection(conn, a.peerId),
      (err: unknown) => this.report(err),
    );
  }

  private onOffer(o: IncomingOffer): void {
    if (idHex(o.infoHash) !== this.key || o.offer.type !== 'offer' || this.ctrl.signal.aborted) return;
    if (this.answering >= (this.opts.maxConcurrentAnswers ?? 10)) return;
    if (this.opts.shouldAnswer && !this.opts.shouldAnswer(o.peerId)) return;
    this.answering++;
    void (async () => {
      try {
        const answer = await this.opts.acceptOffer(o.offer.sdp, this.ctrl.signal);
        try {
          this.opts.client.sendAnswer({ infoHash: o.infoHash, toPeerId: o.peerId, offerId: o.offerId, answer: { type: 'answer', sdp: answer.sdp } });
        } catch (err) {
          answer.cancel();
          throw err;
        }
        this.opts.onConnection(await answer.connection, o.peerId);
      } catch (err) {
        this.report(err);
      } finally {
        this.answering--;
      }
    })();
  }

  private report(err: unknown): void {
    this.opts.onError?.(err instanceof Error ? err : new TrackerError('TRACKER_NETWORK', String(err), { cause: err }));
  }
}
