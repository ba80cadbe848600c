/**
 * @module webrtc/data-channel-options — what a data channel connection is made of and how it is
 * tuned: backpressure marks, message size, receive bound, close timing.
 */
import type { RtcDataChannelLike, RtcPeerConnectionLike } from './rtc-types.js';

/** Backpressure, chunking and limits of a data channel connection. */
export interface DataChannelConnectionOptions {
  /** `write` waits while the channel's `bufferedAmount` is above this. Default 1 MiB. */
  highWaterMark?: number;
  /** Waiting writers resume at or below this (`bufferedAmountLowThreshold`). Default 256 KiB. */
  lowWaterMark?: number;
  /**
   * Largest message sent. Default 16 KiB, what simple-peer/WebTorrent peers send; every
   * implementation accepts it (Chromium and Firefox advertise `max-message-size` 256 KiB+).
   */
  messageSize?: number;
  /** Unread received bytes beyond this fail the connection (`WEBRTC_RECEIVE_OVERFLOW`). Default 64 MiB. */
  maxReceiveBuffer?: number;
  /**
   * Some implementations (e.g. `@roamhq/wrtc`) never fire `bufferedamountlow`; a waiting writer
   * also re-checks `bufferedAmount` this often (and resumes under `highWaterMark`). Default 10 ms.
   */
  drainPollMs?: number;
  /** A clean `close()` waits this long at most for sent data to leave before tearing down. Default 5000 ms. */
  closeTimeoutMs?: number;
  /**
   * After the send queue is empty, a clean `close()` waits this long before closing the
   * channel, so bytes still inside the SCTP stack arrive (node-datachannel drops them
   * otherwise). Default 250 ms.
   */
  closeLingerMs?: number;
}

/** What {@link createDataChannelConnection} needs besides options. */
export interface DataChannelConnectionInit {
  channel: RtcDataChannelLike;
  /** Closed with the connection, watched for ICE/DTLS failure. */
  peerConnection?: RtcPeerConnectionLike;
  remoteAddress: string;
  /** True on the side that created the offer (see `Connection.initiator`). */
  initiator?: boolean;
  options?: DataChannelConnectionOptions;
}
