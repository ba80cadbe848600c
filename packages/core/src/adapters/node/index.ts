/**
 * @module @seedling/core/node — Node adapters: file storage, local file walking (for `create` and
 * `seed`) and the TCP transport.
 */
export * from './fs-storage.js';
export * from './fs-errors.js';
export * from './walk-files.js';
export * from './tcp-transport.js';
export * from './webrtc-node.js';
export * from './tunnel-cipher.js';
export * from './tunnel-wire.js';
export * from './tunnel-slab-reader.js';
export * from './ws-mask.js';
export * from './ws-frame-header.js';
