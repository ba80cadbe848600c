/**
 * @module adapters/node/webrtc-node — the RTCPeerConnection of the WebRTC transport in Node,
 * from a library whose prebuilt binary ships in an npm platform package (no download at
 * install): `node-datachannel` (libdatachannel; the default) or `@roamhq/wrtc` (libwebrtc,
 * whose process often crashes or hangs at exit once it has connected). Chosen by measurement;
 * see docs/webrtc.md.
 */
import { WebRtcError } from '../../webrtc/errors.js';
import type { RtcConfigurationLike, RtcPeerConnectionConstructor } from '../../webrtc/rtc-types.js';

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
  let Base: new (config?: RtcConfigurationLike) => object;
  try {
    const mod = (await import(specifier)) as Record<string, unknown> & { default?: Record<string, unknown> };
    const ctor = mod['RTCPeerConnection'] ?? mod.default?.['RTCPeerConnection'];
    if (typeof ctor !== 'function') throw new TypeError(`${specifier} exports no RTCPeerConnection`);
    Base = ctor as typeof Base;
  } catch (cause) {
    throw new WebRtcError('WEBRTC_UNAVAILABLE', `${library} could not be loaded`, { cause });
  }
  class NodeRTCPeerConnection extends Base {
    constructor(config?: RtcConfigurationLike) {
      super({ ...defaults, ...config });
    }
  }
  // Both libraries implement the W3C interface that RtcPeerConnectionLike is a slice of.
  return NodeRTCPeerConnection as unknown as RtcPeerConnectionConstructor;
}
