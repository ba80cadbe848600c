/** @module storage — the Storage interface, its typed errors, the shared file layout and memory storage. */
export type * from './storage.js';
export * from './errors.js';
export * from './file-layout.js';
export * from './memory-storage.js';
