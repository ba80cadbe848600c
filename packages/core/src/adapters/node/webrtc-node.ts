/**
 * @module adapters/node/webrtc-node — the RTCPeerConnection of the WebRTC transport in Node,
 * from a library whose prebuilt binary ships in an npm platform package (no download at
 * install): `node-datachannel` (libdatachannel; the default) or `@roamhq/wrtc` (libwebrtc,
 * whose process often crashes or hangs at exit once it has connected). Chosen by measurement;
 * see docs/webrtc.md.
 */
import { isLibdatachannelSdp } from '../../webrtc/answer-race.js';
import { WebRtcError } from '../../webrtc/errors.js';
import type { RtcConfigurationLike, RtcPeerConnectionConstructor, RtcSessionDescriptionLike } from '../../webrtc/rtc-types.js';
import { sdpCandidates, sdpFilterCandidates } from '../../webrtc/sdp.js';

/** The Node WebRTC libraries this adapter can load. */
export type NodeWebRtcLibrary = '@roamhq/wrtc' | 'node-datachannel';

/** The library {@link loadNodeRTCPeerConnection} loads when none is named. */
export const DEFAULT_NODE_WEBRTC_LIBRARY: NodeWebRtcLibrary = 'node-datachannel';

/** Options of {@link loadNodeRTCPeerConnection}. */
export interface NodeWebRtcOptions {
  /** Which library; default {@link DEFAULT_NODE_WEBRTC_LIBRARY}. */
  library?: NodeWebRtcLibrary;
  /**
   * node-datachannel only: the local address to gather candidates on. Its ICE never completes
   * over loopback unless bound to it: pass `'127.0.0.1'` for same-host use. Default: all.
   */
  bindAddress?: string;
  /** Restrict the local UDP ports used for ICE (both or neither). */
  portRangeBegin?: number;
  portRangeEnd?: number;
  /**
   * node-datachannel only: when answering an offer made by libdatachannel (another Node peer),
   * add the offer's candidates this long after applying it, so that the offerer's own checks
   * open the path after it has applied our answer (see {@link LIBDATACHANNEL_OFFER_CANDIDATE_DELAY_MS}).
   * 0 applies them with the offer. Default {@link LIBDATACHANNEL_OFFER_CANDIDATE_DELAY_MS}.
   */
  offerCandidateDelayMs?: number;
}

/**
 * Default of {@link NodeWebRtcOptions.offerCandidateDelayMs}. A libdatachannel offerer loses a
 * valid answer when its ICE connects and DTLS checks our certificate while it is still applying
 * that answer (webrtc/answer-race.ts). Our checks, sent as soon as we apply its offer, are what
 * connects its ICE that early. Holding the offer's candidates back, we send no check until the
 * offerer's checks reach us (it sends them only once it has our answer: ICE then forms on the
 * peer-reflexive pair, DTLS after the answer is in place) or until this delay has passed (a
 * NAT in front of us drops the offerer's checks until we have sent to it). Measured in
 * docs/webrtc.md: 4 and 4 of 300 negotiations lost without, 0 of 300 (twice) with, and connects in
 * ~60 ms instead of ~1 s (our DTLS hello is no longer sent before the offerer can take it).
 */
export const LIBDATACHANNEL_OFFER_CANDIDATE_DELAY_MS = 1000;

/** The part of node-datachannel's W3C polyfill the candidate delay uses. */
interface PolyfillPeerConnection {
  readonly connectionState?: string;
  setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void>;
  addIceCandidate(candidate: { candidate: string; sdpMid: string }): Promise<void>;
  close(): void;
}

/**
 * Loads the library and returns its W3C `RTCPeerConnection`, with `options` merged into every
 * configuration. Loaded lazily (and through a computed specifier, so bundlers leave the native
 * addon alone): importing `@seedling/core/node` does not load it. Rejects with
 * `WEBRTC_UNAVAILABLE` when the library or its binary for this platform cannot be loaded.
 */
export async function loadNodeRTCPeerConnection(options: NodeWebRtcOptions = {}): Promise<RtcPeerConnectionConstructor> {
  const library = options.library ?? DEFAULT_NODE_WEBRTC_LIBRARY;
  const defaults: RtcConfigurationLike = {};
  let specifier: string;
  if (library === 'node-datachannel') {
    specifier = 'node-datachannel/polyfill';
    if (options.bindAddress !== undefined) defaults['bindAddress'] = options.bindAddress;
    if (options.portRangeBegin !== undefined) defaults['portRangeBegin'] = options.portRangeBegin;
    if (options.portRangeEnd !== undefined) defaults['portRangeEnd'] = options.portRangeEnd;
  } else if (library === '@roamhq/wrtc') {
    specifier = '@roamhq/wrtc';
    if (options.bindAddress !== undefined) {
      throw new WebRtcError('WEBRTC_UNAVAILABLE', '@roamhq/wrtc has no bindAddress option');
    }
    if (options.portRangeBegin !== undefined || options.portRangeEnd !== undefined) {
      defaults['portRange'] = { min: options.portRangeBegin ?? 0, max: options.portRangeEnd ?? 65535 };
    }
  } else {
    throw new WebRtcError('WEBRTC_UNAVAILABLE', `unknown WebRTC library ${String(library)}`);
  }
  let Base: new (config?: RtcConfigurationLike) => PolyfillPeerConnection;
  try {
    const mod = (await import(specifier)) as Record<string, unknown> & { default?: Record<string, unknown> };
    const ctor = mod['RTCPeerConnection'] ?? mod.default?.['RTCPeerConnection'];
    if (typeof ctor !== 'function') throw new TypeError(`${specifier} exports no RTCPeerConnection`);
    Base = ctor as typeof Base;
  } catch (cause) {
    throw new WebRtcError('WEBRTC_UNAVAILABLE', `${library} could not be loaded`, { cause });
  }
  const delayMs = library === 'node-datachannel' ? (options.offerCandidateDelayMs ?? LIBDATACHANNEL_OFFER_CANDIDATE_DELAY_MS) : 0;
  class NodeRTCPeerConnection extends Base {
    #held: ReturnType<typeof setTimeout> | undefined;
    constructor(config?: RtcConfigurationLike) {
      super({ ...defaults, ...config });
    }
    override async setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void> {
      const sdp = description.sdp ?? '';
      const candidates = sdpCandidates(sdp);
      if (delayMs <= 0 || description.type !== 'offer' || !isLibdatachannelSdp(sdp) || candidates.length === 0) {
        return super.setRemoteDescription(description);
      }
      const withoutCandidates = sdpFilterCandidates(sdp, () => false).replace(/^a=end-of-candidates\r?\n/gm, '');
      await super.setRemoteDescription({ type: 'offer', sdp: withoutCandidates });
      const sdpMid = /^a=mid:(\S+)/m.exec(sdp)?.[1] ?? '0';
      this.#held = setTimeout(() => {
        this.#held = undefined;
        if (this.connectionState === 'closed') return;
        // A candidate refused now (the connection failed or closed meanwhile) changes nothing:
        // the connection stands or fails on the pairs it has, and reports that itself.
        for (const candidate of candidates) this.addIceCandidate({ candidate, sdpMid }).catch(() => undefined);
      }, delayMs);
      this.#held.unref?.();
    }
    override close(): void {
      clearTimeout(this.#held);
      this.#held = undefined;
      super.close();
    }
  }
  // Both libraries implement the W3C interface that RtcPeerConnectionLike is a slice of.
  return NodeRTCPeerConnection as unknown as RtcPeerConnectionConstructor;
}
