/**
 * @module lib/webrtc-peers — WebRTC peers of one swarm through the relay's WebSocket tracker
 * (WebTorrent signaling: offers per announce, answers by offer id).
 *
 * Eager (WebRTC is the CLI's only direct transport, `--transport webrtc` without tcp): the
 * library is loaded and every announce carries offers, as before. Lazy (TCP on, the default):
 * node-datachannel is loaded only when first needed — an offer to answer, or when
 * {@link LazyOffers} decides to start offering (tracker counts peers TCP did not connect within
 * a few seconds); until then the announces carry no offers. See lib/offer-policy.ts for why.
 */
import { WebSocket } from 'ws';
import {
  acceptWebRtcOffer,
  createWebRtcOffer,
  isAnswerRace,
  isLoopbackCandidate,
  sdpFilterCandidates,
  WebRtcTrackerSignaling,
  WsTrackerClient,
  type Connection,
  type RtcPeerConnectionConstructor,
  type Swarm,
  type WebSocketConstructor,
} from '@seedling/core';
import { loadNodeRTCPeerConnection } from '@seedling/core/node';
import { LazyOffers, OFFERS_PER_ANNOUNCE } from './offer-policy.js';
import { cleanupNodeDataChannel } from './webrtc-cleanup.js';
import { RaceReannounce } from './webrtc-race-reannounce.js';

/** Longest WebSocket re-announce interval of an incomplete swarm (fresh offers, fresh counts), in seconds. */
const DOWNLOADER_REANNOUNCE_SEC = 15;

/** Options of {@link startWebRtcPeers}. */
export interface WebRtcPeersOptions {
  /** The relay's WebSocket tracker URL. */
  url: string;
  swarm: Swarm;
  /** Load WebRTC and offer only when needed (TCP is on). */
  lazy: boolean;
  /** Bind node-datachannel to this address (127.0.0.1 on loopback-only hosts). */
  bindAddress?: string;
  /** A peer id seen in an offer or answer (for the tunnel fallback). */
  learn: (peerId: Uint8Array) => void;
  /** A WebRTC connection opened. */
  onConnection: (conn: Connection) => void;
  warn: (message: string) => void;
}

/** Running WebRTC signaling; `close` stops it (and node-datachannel, if it was loaded). */
export interface WebRtcPeers {
  /** Whether offers are being made (always when eager). */
  readonly offering: boolean;
  close(): Promise<void>;
}

/**
 * Start signaling for `swarm`. Resolves after the first announce; null when eager and the
 * WebRTC library cannot be loaded (warned).
 */
export async function startWebRtcPeers(opts: WebRtcPeersOptions): Promise<WebRtcPeers | null> {
  const { swarm, warn } = opts;
  let loading: Promise<RtcPeerConnectionConstructor> | null = null;
  const loadPC = (): Promise<RtcPeerConnectionConstructor> => (loading ??= loadNodeRTCPeerConnection(opts.bindAddress ? { bindAddress: opts.bindAddress } : {}));
  if (!opts.lazy) {
    try {
      await loadPC();
    } catch (err) {
      warn(`webrtc unavailable: ${(err as Error).message}`);
      return null;
    }
  }
  const dropRemote = process.env['SEEDLING_WEBRTC_DROP_REMOTE_CANDIDATES'] === '1';
  const remote = (sdp: string): string => (dropRemote ? sdpFilterCandidates(sdp, () => false) : sdp);
  const local = opts.bindAddress === '127.0.0.1' ? { localCandidateFilter: isLoopbackCandidate } : {};
  const client = new WsTrackerClient({ url: opts.url, peerId: swarm.peerId, WebSocket: WebSocket as unknown as WebSocketConstructor, onWarning: (e) => warn(`ws tracker: ${e.message}`) });
  const removeListener = client.addSignalListener({ onOffer: (o) => opts.learn(o.peerId), onAnswer: (a) => opts.learn(a.peerId) });
  let signaling: WebRtcTrackerSignaling | null = null;
  let unavailable = false;
  // An offer that lost libdatachannel's answer race had a remote that answered: fresh offers
  // soon, instead of at the next announce (rate-bounded, lib/webrtc-race-reannounce.ts).
  const raced = new RaceReannounce({ announce: () => void signaling?.announceNow() });
  const onRace = (err: unknown): never => {
    if (isAnswerRace(err)) raced.onRace();
    throw err;
  };
  const lazy = opts.lazy
    ? new LazyOffers({
        connected: () => swarm.stats().peers,
        selfComplete: () => swarm.complete,
        activate: () => {
          loadPC().then(
            () => void signaling?.announceNow(),
            (err: Error) => {
              unavailable = true;
              warn(`webrtc unavailable: ${err.message}`);
            },
          );
        },
      })
    : null;
  signaling = new WebRtcTrackerSignaling({
    client,
    infoHash: swarm.handshakeHashes[0]!,
    stats: () => {
      const s = swarm.stats();
      return { uploaded: s.uploaded, downloaded: s.downloaded, left: swarm.complete ? 0 : Math.max(1, s.length - s.verified) };
    },
    // Lazy: no offers until the policy says so (none either if the library failed to load).
    offersPerAnnounce: lazy ? () => (unavailable ? 0 : lazy.offers()) : OFFERS_PER_ANNOUNCE,
    createOffer: async (signal) => {
      const offer = await createWebRtcOffer({ RTCPeerConnection: await loadPC(), signal, ...local });
      return { sdp: offer.sdp, cancel: () => offer.cancel(), accept: (answer) => offer.accept(remote(answer)).catch(onRace) };
    },
    acceptOffer: async (offerSdp, signal) => acceptWebRtcOffer({ RTCPeerConnection: await loadPC(), offerSdp: remote(offerSdp), signal, ...local }),
    onConnection: opts.onConnection,
    shouldAnswer: (peerId) => !swarm.hasPeer(peerId),
    // A downloader re-announces at least this often until it completes.
    ...(swarm.complete ? {} : { maxIntervalSec: DOWNLOADER_REANNOUNCE_SEC }),
    ...(lazy ? { onAnnounce: (res) => lazy.onAnnounce(res) } : {}),
    onError: (err) => warn(`webrtc: ${err.message}`),
  });
  const offDone = swarm.events.on('done', () => void signaling.complete());
  // Links that close while we seed reached their peer (lib/offer-policy.ts).
  const offClosed = swarm.events.on('peer-closed', () => lazy?.onPeerClosed());
  await signaling.start();
  return {
    get offering() {
      return lazy ? lazy.active : true;
    },
    async close() {
      lazy?.stop();
      raced.stop();
      offDone();
      offClosed();
      removeListener();
      await signaling.stop();
      client.close();
      // node-datachannel keeps native threads alive until cleanup; never load it just for that.
      if (loading) await cleanupNodeDataChannel();
    },
  };
}
