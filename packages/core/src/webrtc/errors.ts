/** @module webrtc/errors — typed errors of the WebRTC transport. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link WebRtcError}:
 * - `WEBRTC_ICE_FAILED`: ICE or DTLS failed (`connectionState`/`iceConnectionState` became `failed`).
 * - `WEBRTC_ANSWER_RACE`: a libdatachannel offerer lost a valid answer to its DTLS race
 *   (webrtc/answer-race.ts); the offer is spent, only a new negotiation helps.
 * - `WEBRTC_TIMEOUT`: gathering or connecting took longer than its timeout.
 * - `WEBRTC_NO_CANDIDATES`: ICE gathering ended without a single local candidate.
 * - `WEBRTC_CHANNEL_CLOSED`: the data channel or peer connection closed (write after close,
 *   or the channel closed before it opened).
 * - `WEBRTC_ABORTED`: the caller's AbortSignal fired before the connection was ready.
 * - `WEBRTC_BAD_SDP`: the remote description was rejected (malformed or wrong type).
 * - `WEBRTC_RECEIVE_OVERFLOW`: the peer sent more than `maxReceiveBuffer` bytes that were not read.
 * - `WEBRTC_SEND_FAILED`: the underlying channel threw on `send`.
 * - `WEBRTC_NEGOTIATION_FAILED`: creating or applying a local description failed.
 * - `WEBRTC_UNAVAILABLE`: no RTCPeerConnection implementation could be loaded.
 */
export type WebRtcErrorCode =
  | 'WEBRTC_ICE_FAILED'
  | 'WEBRTC_ANSWER_RACE'
  | 'WEBRTC_TIMEOUT'
  | 'WEBRTC_NO_CANDIDATES'
  | 'WEBRTC_CHANNEL_CLOSED'
  | 'WEBRTC_ABORTED'
  | 'WEBRTC_BAD_SDP'
  | 'WEBRTC_RECEIVE_OVERFLOW'
  | 'WEBRTC_SEND_FAILED'
  | 'WEBRTC_NEGOTIATION_FAILED'
  | 'WEBRTC_UNAVAILABLE';

/** An error of the WebRTC transport; match on `code`. */
export class WebRtcError extends SeedlingError<WebRtcErrorCode> {
  constructor(code: WebRtcErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WebRtcError';
  }
}
