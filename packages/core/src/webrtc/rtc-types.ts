/**
 * @module webrtc/rtc-types — the small structural slice of the W3C WebRTC API this transport uses.
 *
 * Declared here (instead of using the DOM lib types) so that the browser's `RTCPeerConnection`,
 * `node-datachannel/polyfill` and `@roamhq/wrtc` all fit without casts, and so that consumers
 * compiled without the DOM lib can still type-check against the public API.
 */

/** A minimal event as dispatched by RTC objects. */
export interface RtcEventLike {
  readonly type?: string;
}

/** The `candidate` of an `icecandidate` event (null marks the end of gathering). */
export interface RtcIceCandidateEventLike extends RtcEventLike {
  readonly candidate: { readonly candidate: string } | null;
}

/** A `message` event of a data channel. */
export interface RtcMessageEventLike extends RtcEventLike {
  readonly data: unknown;
}

/** An `RTCSessionDescriptionInit`. */
export interface RtcSessionDescriptionLike {
  readonly type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  readonly sdp?: string;
}

/** The configuration passed to the constructor. Extra keys (e.g. `bindAddress`) pass through. */
export interface RtcConfigurationLike {
  iceServers?: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  iceTransportPolicy?: 'all' | 'relay';
  [extra: string]: unknown;
}

/** The subset of `RTCDataChannel` used by {@link createDataChannelConnection}. */
export interface RtcDataChannelLike {
  readonly label: string;
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed';
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

/** The subset of `RTCPeerConnection` used to negotiate and watch a connection. */
export interface RtcPeerConnectionLike {
  readonly localDescription: RtcSessionDescriptionLike | null;
  readonly iceGatheringState: string;
  readonly connectionState?: string;
  readonly iceConnectionState: string;
  readonly sctp?: { readonly maxMessageSize?: number } | null;
  createDataChannel(label: string, init?: { ordered?: boolean }): RtcDataChannelLike;
  createOffer(): Promise<RtcSessionDescriptionLike>;
  createAnswer(): Promise<RtcSessionDescriptionLike>;
  setLocalDescription(description?: RtcSessionDescriptionLike): Promise<void>;
  setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void>;
  close(): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

/** A constructor of peer connections: `globalThis.RTCPeerConnection` or a Node polyfill. */
export type RtcPeerConnectionConstructor = new (config?: RtcConfigurationLike) => RtcPeerConnectionLike;
