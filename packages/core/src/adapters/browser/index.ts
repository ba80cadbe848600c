/**
 * @module @seedling/core/browser — browser adapters: OPFS storage (sync access handles in a
 * worker), read-only storage over picked files, OPFS file helpers, and the peers found through a
 * relay (WebRTC signalled by core's tracker signaling, the relay tunnel as fallback). Uses browser
 * APIs only (never `node:*`).
 * @example
 * const peers = new BrowserRelayPeers({ relay: location.origin, peerId });
 * const swarm = new Swarm({ magnet, parseInfo, storage: createOpfsStorage({ root: ['data', hex] }), hash, peerId });
 * const remove = peers.add(swarm);
 * await swarm.start();
 */
export { createOpfsStorage, openOpfsStorage, opfsAvailable, prestartOpfsWorker, type OpfsStorage, type OpfsStorageOptions } from './opfs-storage.js';
export { opfsFile, opfsReadSmall, opfsRemove, opfsWriteSmall } from './opfs-files.js';
export { createBlobStorage, type BlobSource, type BlobStorageOptions } from './blob-storage.js';
export { BrowserRelayPeers, relayTrackerWsUrl, TUNNEL_FALLBACK_MS, type BrowserRelayPeersOptions, type RelayState } from './relay-peers.js';
export { probeRelayAccess, type RelayAccess, type RelayAccessProbeOptions } from './relay-access.js';
export { startTunnelFallback, type TunnelFallback, type TunnelFallbackOptions } from './tunnel-fallback.js';
