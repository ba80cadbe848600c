/** @module transport — the Transport/Connection interfaces, typed errors, addresses and the memory transport. */
export type * from './transport.js';
export * from './errors.js';
export * from './address.js';
export * from './readable-queue.js';
export * from './memory-transport.js';
