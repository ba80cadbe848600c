/** @module webrtc/create-offer — the offering side: an SDP offer, then a Connection once answered. */
import type { Connection } from '../transport/transport.js';
import { answerRaceError } from './answer-race.js';
import { createDataChannelConnection } from './data-channel-connection.js';
import { WebRtcError } from './errors.js';
import { watchIceGathering } from './ice-gathering.js';
import {
  WEBRTC_DEFAULT_CHANNEL_LABEL,
  WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS,
  WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS,
  iceGraceMs,
  type WebRtcPeerOptions,
} from './options.js';
import { newPeerConnection, abortError, guardSignal } from './peer-setup.js';
import { sdpRemoteAddress } from './sdp.js';
import { waitForOpenChannel } from './wait-for-open.js';

/** A pending offer: send `sdp` to the remote peer, then pass its answer to `accept`. */
export interface WebRtcOffer {
  /** The offer SDP, with ICE candidates (non-trickle, as WebTorrent expects). */
  readonly sdp: string;
  /** Applies the answer and resolves once the data channel is open. Call at most once. */
  accept(answerSdp: string): Promise<Connection>;
  /** Drops the offer (e.g. no answer came); closes the peer connection. Idempotent. */
  cancel(): void;
}

/**
 * Creates a peer connection with one ordered, reliable data channel and returns its offer.
 * Rejects with a {@link WebRtcError} (`WEBRTC_NO_CANDIDATES`, `WEBRTC_TIMEOUT`,
 * `WEBRTC_ABORTED`, `WEBRTC_NEGOTIATION_FAILED`); `accept` with `WEBRTC_BAD_SDP` (answer rejected),
 * `WEBRTC_ANSWER_RACE` (libdatachannel's race, webrtc/answer-race.ts), `WEBRTC_ICE_FAILED`,
 * `WEBRTC_CHANNEL_CLOSED`, `WEBRTC_TIMEOUT`, `WEBRTC_ABORTED`. An offer never answered must be cancelled
 * (or `signal` aborted) to release its peer connection.
 */
export async function createWebRtcOffer(options: WebRtcPeerOptions): Promise<WebRtcOffer> {
  guardSignal(options.signal);
  const pc = newPeerConnection(options);
  let settled = false;
  const cancel = (): void => {
    if (settled) return;
    settled = true;
    options.signal?.removeEventListener('abort', cancel);
    pc.close();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  const gathering = watchIceGathering(pc, {
    graceMs: iceGraceMs(options),
    timeoutMs: options.iceGatheringTimeoutMs ?? WEBRTC_DEFAULT_ICE_GATHERING_TIMEOUT_MS,
    signal: options.signal,
    filter: options.localCandidateFilter,
  });
  let sdp: string;
  const channel = pc.createDataChannel(options.channelLabel ?? WEBRTC_DEFAULT_CHANNEL_LABEL, { ordered: true });
  try {
    try {
      await pc.setLocalDescription(await pc.createOffer());
    } catch (cause) {
      throw new WebRtcError('WEBRTC_NEGOTIATION_FAILED', 'could not create the local offer', { cause });
    }
    sdp = await gathering.sdp();
  } catch (err) {
    gathering.stop();
    cancel();
    throw options.signal?.aborted ? abortError(options.signal) : err;
  }

  let accepted = false;
  return {
    sdp,
    cancel,
    async accept(answerSdp: string): Promise<Connection> {
      if (accepted) throw new WebRtcError('WEBRTC_NEGOTIATION_FAILED', 'accept was already called');
      accepted = true;
      if (settled) throw new WebRtcError('WEBRTC_ABORTED', 'the offer was cancelled');
      try {
        try {
          await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
        } catch (cause) {
          // libdatachannel's race (webrtc/answer-race.ts): the answer is valid, DTLS failed.
          throw answerRaceError(sdp, cause) ?? new WebRtcError('WEBRTC_BAD_SDP', 'the remote answer was rejected', { cause });
        }
        const appliedAt = performance.now();
        const open = await waitForOpenChannel({
          pc,
          channel,
          timeoutMs: options.connectTimeoutMs ?? WEBRTC_DEFAULT_CONNECT_TIMEOUT_MS,
          signal: options.signal,
        }).catch((err: unknown) => {
          // The same race landing just after the candidates went in (not our own cancel).
          throw (settled ? undefined : answerRaceError(sdp, err, performance.now() - appliedAt)) ?? err;
        });
        if (settled) throw new WebRtcError('WEBRTC_ABORTED', 'the offer was cancelled');
        settled = true;
        options.signal?.removeEventListener('abort', cancel);
        return createDataChannelConnection({
          channel: open,
          peerConnection: pc,
          remoteAddress: sdpRemoteAddress(answerSdp),
          initiator: true,
          options: options.connection,
        });
      } catch (err) {
        cancel();
        throw options.signal?.aborted ? abortError(options.signal) : err;
      }
    },
  };
}
