/**
 * @module @seedling/core — platform-free BitTorrent core.
 * Each module folder exports through its own line here; keep one `export *` per line.
 */
export const VERSION = '0.1.0';
export * from './errors.js';
export type * from './hash/hasher.js';
export { MERKLE_BLOCK_SIZE } from './hash/hasher.js';
export type * from './transport/transport.js';
export type * from './storage/storage.js';
export * from './bitfield/index.js';
export * from './bencode/index.js';
export * from './storage/index.js';
export * from './transport/index.js';
export * from './rate/index.js';
export * from './metainfo/index.js';
export * from './swarm/index.js';
export * from './tracker/index.js';
export * from './tunnel/index.js';
export * from './picker/index.js';
export * from './choker/index.js';
export * from './wire/index.js';
export * from './webrtc/index.js';
