/** @module webrtc/options — options and defaults shared by the offer and answer sides. */
import type { RtcConfigurationLike, RtcPeerConnectionConstructor } from './rtc-types.js';
import type { DataChannelConnectionOptions } from './data-channel-options.js';

/** Options common to {@link createWebRtcOffer} and {@link acceptWebRtcOffer}. */
export interface WebRtcPeerOptions {
  /** The implementation: `globalThis.RTCPeerConnection` in browsers, a polyfill in Node. */
  RTCPeerConnection: RtcPeerConnectionConstructor;
  /** Passed to the constructor; default `{ iceServers: [] }` (host candidates only: loopback/LAN). */
  config?: RtcConfigurationLike;
  /** Cancels negotiation until the `Connection` is ready; then it no longer applies. */
  signal?: AbortSignal;
  /**
   * After the first local candidate, wait this long for more before sending the SDP. Default
   * {@link WEBRTC_DEFAULT_ICE_GRACE_MS} with ICE servers (server-reflexive candidates come a
   * round trip later), {@link WEBRTC_HOST_ONLY_ICE_GRACE_MS} without.
   */
  iceGraceMs?: number;
  /** Overall limit on ICE gathering; the SDP is sent with what was gathered. Default 5000 ms. */
  iceGatheringTimeoutMs?: number;
  /** Limit from applying the remote SDP to an open data channel. Default 20000 ms. */
  connectTimeoutMs?: number;
  /**
   * Keeps only the local candidates this accepts (value `candidate:...`) in the SDP sent, e.g.
   * {@link isLoopbackCandidate} for same-host tests with a library that gathers on every
   * interface. Default: keep all.
   */
  localCandidateFilter?: (candidate: string) => boolean;
  /** Data channel label (WebTorrent peers accept any). Default `'seedling'`. */
  channelLabel?: string;
  /** Backpressure and chunking of the produced connection. */
  connection?: DataChannelConnectionOptions;
}

/** Default of {@link WebRtcPeerOptions.iceGraceMs} when the config has ICE servers. */
export const WEBRTC_DEFAULT_ICE_GRACE_MS = 150;
/**
 * Default of {@link WebRtcPeerOptions.iceGraceMs} without ICE servers (the default config): host
 * candidates of every interface come from one enumeration, within a few ms of each other, and
 * Chromium then reports gathering complete only ~120 ms later (bench/web.mjs timelines: first
 * candidate 25 ms after the peer connection, complete at 145 ms), a wait on every offer.
 */
export const WEBRTC_HOST_ONLY_ICE_GRACE_MS = 40;

/** The ICE grace `options` ask for, or the default for their config. */
export function iceGraceMs(options: Pick<WebRtcPeerOptions, 'iceGraceMs' | 'config'>): number {
  if (options.iceGraceMs !== undefined) return options.iceGraceMs;
  return (options.config?.iceServers?.length ?? 0) > 0 ? WEBRTC_DEFAULT_ICE_GRACE_MS : WEBRTC_HOST_ONLY_ICE_GRACE_MS;
}
/** Default of {@link WebRtcPeerOptions.iceGatheringTimeoutMs}. */
export const WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS = 5000;
/** Default of {@link WebRtcPeerOptions.connectTimeoutMs}. */
export const WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
/** Default of {@link WebRtcPeerOptions.channelLabel}. */
export const WEBRTC_DEFAULT_CHANNEL_LABEL = 'seedling';
