/**
 * @module adapters/node/webrtc-node — the RTCPeerConnection of the WebRTC transport in Node:
 * `node-datachannel` (libdatachannel), whose prebuilt binary ships in an npm platform package.
 * Chosen by measurement over `@roamhq/wrtc` and `werift`; see docs/webrtc.md.
 */
import { WebRtcError } from '../../webrtc/errors.js';
import type { RtcConfigurationLike, RtcPeerConnectionConstructor } from '../../webrtc/rtc-types.js';

/** Options of {@link loadNodeRTCPeerConnection}. */
export interface NodeWebRtcOptions {
  /**
   * Local address to gather candidates on. libdatachannel's ICE never completes over loopback
   * unless bound to it: pass `'127.0.0.1'` for same-host tests. Default: all interfaces.
   */
  bindAddress?: string;
  /** Restrict the local UDP ports used for ICE (both or neither). */
  portRangeBegin?: number;
  portRangeEnd?: number;
}

/**
 * Loads `node-datachannel/polyfill` and returns its W3C `RTCPeerConnection`, with `options`
 * merged into every configuration. Loaded lazily so that importing `@seedling/core/node` does
 * not load the native addon. Rejects with `WEBRTC_UNAVAILABLE` when the library (or its binary
 * for this platform) cannot be loaded.
 */
export async function loadNodeRTCPeerConnection(options: NodeWebRtcOptions = {}): Promise<RtcPeerConnectionConstructor> {
  let Base: new (config?: RtcConfigurationLike) => object;
  try {
    const polyfill = await import('node-datachannel/polyfill');
    Base = polyfill.RTCPeerConnection as unknown as typeof Base;
  } catch (cause) {
    throw new WebRtcError('WEBRTC_UNAVAILABLE', 'node-datachannel could not be loaded', { cause });
  }
  const defaults: RtcConfigurationLike = {};
  if (options.bindAddress !== undefined) defaults['bindAddress'] = options.bindAddress;
  if (options.portRangeBegin !== undefined) defaults['portRangeBegin'] = options.portRangeBegin;
  if (options.portRangeEnd !== undefined) defaults['portRangeEnd'] = options.portRangeEnd;
  class NodeRTCPeerConnection extends Base {
    constructor(config?: RtcConfigurationLike) {
      super({ ...defaults, ...config });
    }
  }
  // The polyfill implements the W3C interface that RtcPeerConnectionLike is a slice of.
  return NodeRTCPeerConnection as unknown as RtcPeerConnectionConstructor;
}
