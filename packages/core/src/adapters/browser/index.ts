/**
 * @module @seedling/core/browser — browser adapters: OPFS storage (sync access handles in a
 * worker), read-only storage over picked files, OPFS file helpers, and WebRTC peers signalled
 * through a WebSocket tracker. Uses browser APIs only (never `node:*`).
 * @example
 * const signaling = new WebRtcSignaling({ url: 'wss://relay.example/announce', peerId });
 * const swarm = new Swarm({ magnet, parseInfo, storage: createOpfsStorage({ root: ['data', hex] }), hash, dial: signaling.dial, peerId });
 * const remove = signaling.add(swarm);
 * await swarm.start();
 */
export { createOpfsStorage, openOpfsStorage, opfsAvailable, type OpfsStorage, type OpfsStorageOptions } from './opfs-storage.js';
export { opfsFile, opfsReadSmall, opfsRemove, opfsWriteSmall } from './opfs-files.js';
export { createBlobStorage, type BlobSource } from './blob-storage.js';
export { WebRtcSignaling, type WebRtcSignalingOptions } from './webrtc-signaling.js';
