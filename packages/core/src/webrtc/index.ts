/**
 * @module webrtc — the WebRTC transport: BitTorrent over one ordered, reliable data channel,
 * WebTorrent-compatible, with the `RTCPeerConnection` implementation injected (the browser's,
 * or a Node library's W3C polyfill from `@seedling/core/node`).
 *
 * @example
 * const offer = await createWebRtcOffer({ RTCPeerConnection });
 * const answer = await acceptWebRtcOffer({ RTCPeerConnection, offerSdp: offer.sdp });
 * const [a, b] = await Promise.all([offer.accept(answer.sdp), answer.connection]);
 */
export { WebRtcError, type WebRtcErrorCode } from './errors.js';
export type * from './rtc-types.js';
export {
  WEBRTC_DEFAULT_CHANNEL_LABEL,
  WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS,
  WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS,
  WEBRTC_DEFAULT_ICE_GRACE_MS,
  WEBRTC_HOST_ONLY_ICE_GRACE_MS,
  type WebRtcPeerOptions,
} from './options.js';
export { createWebRtcOffer, type WebRtcOffer } from './create-offer.js';
export { isAnswerRace, retryAnswerRace, type AnswerRaceRetryOptions } from './answer-race.js';
export { acceptWebRtcOffer, type AcceptWebRtcOfferOptions, type WebRtcAnswer } from './accept-offer.js';
export {
  createDataChannelConnection,
  type DataChannelConnectionInit,
  type DataChannelConnectionOptions,
} from './data-channel-connection.js';
export { isLoopbackCandidate, sdpCandidates, sdpFilterCandidates, sdpRemoteAddress, sdpWithCandidates } from './sdp.js';
