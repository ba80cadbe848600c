/**
 * @module tracker — tracker clients: HTTP (BEP 3, compact BEP 23 / BEP 7, scrape BEP 48) and
 * WebSocket (WebTorrent protocol: the signaling path of WebRTC peers). Binary-string helpers
 * for ids are `bytesToBinary` / `binaryToBytes` (exported with bencode).
 */
export { TrackerError, type TrackerErrorCode } from './errors.js';
export type { AnnounceEvent, AnnounceResponse, AnnounceStats, PeerAddress, ScrapeEntry } from './types.js';
export { decodeCompactPeers, encodeCompactPeers, formatIpv6 } from './compact-peers.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TRACKER_TIMEOUT_MS, type FetchBoundedOptions, type FetchLike, type FetchResponseLike } from './fetch-bounded.js';
export { buildAnnounceUrl, parseAnnounceResponse, parseScrapeResponse, percentEncodeBytes, scrapeUrlFor, type HttpAnnounceParams } from './http-codec.js';
export { HttpAnnouncer, httpAnnounce, httpScrape, type HttpAnnouncerOptions } from './http-tracker.js';
export { httpTrackerDiscovery, peerAddressText, type HttpTrackerDiscoveryOptions, type PeerSourceAnnounce, type TrackerPeerSource } from './http-discovery.js';
export type { WebSocketCloseLike, WebSocketConstructor, WebSocketLike, WebSocketMessageLike } from './websocket-like.js';
export {
  MAX_SDP_CHARS,
  fromBinaryString,
  toBinaryString,
  type IncomingAnswer,
  type IncomingOffer,
  type OutgoingOffer,
  type SessionDescription,
  type WsAnnounceResult,
} from './ws-protocol.js';
export { WsAnnouncer, type WsAnnouncerOptions } from './ws-announcer.js';
export { WsTrackerClient, type SignalListener, type WsAnnounceRequest, type WsAnswer, type WsTrackerClientOptions, type WsTrackerState } from './ws-tracker-client.js';
export { WebRtcTrackerSignaling, type SignalingAnswer, type SignalingOffer, type WebRtcTrackerSignalingOptions } from './webrtc-signaling.js';
