/** @module webrtc/peer-setup — helpers shared by the offer and answer sides. */
import { WebRtcError } from './errors.js';
import type { WebRtcPeerOptions } from './options.js';
import type { RtcPeerConnectionLike } from './rtc-types.js';

/** Constructs the peer connection; default config has no ICE servers (host candidates only). */
export function newPeerConnection(options: WebRtcPeerOptions): RtcPeerConnectionLike {
  try {
    return new options.RTCPeerConnection({ iceServers: [], ...options.config });
  } catch (cause) {
    throw new WebRtcError('WEBRTC_NEGOTIATION_FAILED', 'could not create an RTCPeerConnection', { cause });
  }
}

/** The typed error for an aborted signal. */
export function abortError(signal: AbortSignal): WebRtcError {
  return new WebRtcError('WEBRTC_ABORTED', 'WebRTC connect aborted', { cause: signal.reason });
}

/** Throws `WEBRTC_ABORTED` when `signal` has already fired. */
export function guardSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
