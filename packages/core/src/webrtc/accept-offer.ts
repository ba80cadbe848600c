/** @module webrtc/accept-offer — the answering side: an SDP answer and a pending Connection. */
import type { Connection } from '../transport/transport.js';
import { createDataChannelConnection } from './data-channel-connection.js';
import { WebRtcError } from './errors.js';
import { watchIceGathering } from './ice-gathering.js';
import {
  WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS,
  WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS,
  iceGraceMs,
  type WebRtcPeerOptions,
} from './options.js';
import { abortError, guardSignal, newPeerConnection } from './peer-setup.js';
import { sdpRemoteAddress } from './sdp.js';
import { waitForOpenChannel } from './wait-for-open.js';

/** Options of {@link acceptWebRtcOffer}: the common ones plus the remote offer. */
export interface AcceptWebRtcOfferOptions extends WebRtcPeerOptions {
  /** The remote peer's offer SDP (with its candidates). */
  offerSdp: string;
}

/** An answer to send back, and the connection that opens once the offerer applies it. */
export interface WebRtcAnswer {
  /** The answer SDP, with ICE candidates. */
  readonly sdp: string;
  /**
   * Resolves once the offerer's data channel is open here; rejects with a {@link WebRtcError}
   * (`WEBRTC_TIMEOUT` after `connectTimeoutMs`, `WEBRTC_ICE_FAILED`, `WEBRTC_ABORTED`).
   */
  readonly connection: Promise<Connection>;
  /** Gives up before the connection is ready; closes the peer connection. Idempotent. */
  cancel(): void;
}

/**
 * Answers a remote offer. Rejects with a {@link WebRtcError}: `WEBRTC_BAD_SDP` when the offer
 * is rejected, `WEBRTC_NO_CANDIDATES`/`WEBRTC_TIMEOUT` from gathering, `WEBRTC_ABORTED`.
 */
export async function acceptWebRtcOffer(options: AcceptWebRtcOfferOptions): Promise<WebRtcAnswer> {
  guardSignal(options.signal);
  const pc = newPeerConnection(options);
  const stop = new AbortController();
  let settled = false;
  const cancel = (): void => {
    if (settled) return;
    settled = true;
    options.signal?.removeEventListener('abort', cancel);
    stop.abort(options.signal?.reason);
    pc.close();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  // Listen for the channel before applying the offer so an early `datachannel` is not missed.
  const opened = waitForOpenChannel({
    pc,
    timeoutMs: options.connectTimeoutMs ?? WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS,
    signal: stop.signal,
  });
  opened.catch(() => undefined);
  const gathering = watchIceGathering(pc, {
    graceMs: iceGraceMs(options),
    timeoutMs: options.iceGatheringTimeoutMs ?? WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    signal: options.signal,
    filter: options.localCandidateFilter,
  });
  let sdp: string;
  try {
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: options.offerSdp });
    } catch (cause) {
      throw new WebRtcError('WEBRTC_BAD_SDP', 'the remote offer was rejected', { cause });
    }
    try {
      await pc.setLocalDescription(await pc.createAnswer());
    } catch (cause) {
      throw new WebRtcError('WEBRTC_NEGOTIATION_FAILED', 'could not create the local answer', { cause });
    }
    sdp = await gathering.sdp();
  } catch (err) {
    gathering.stop();
    cancel();
    throw options.signal?.aborted ? abortError(options.signal) : err;
  }

  const connection = opened.then(
    (channel) => {
      if (settled) throw new WebRtcError('WEBRTC_ABORTED', 'the answer was cancelled');
      settled = true;
      options.signal?.removeEventListener('abort', cancel);
      return createDataChannelConnection({
        channel,
        peerConnection: pc,
        remoteAddress: sdpRemoteAddress(options.offerSdp),
        initiator: false,
        options: options.connection,
      });
    },
    (err: unknown) => {
      cancel();
      throw options.signal?.aborted ? abortError(options.signal) : err;
    },
  );
  connection.catch(() => undefined); // callers that never await must not see an unhandled rejection
  return { sdp, connection, cancel };
}
