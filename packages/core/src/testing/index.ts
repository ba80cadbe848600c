/**
 * @module @seedling/core/testing — compliance suites shared by every adapter, plus seeded test data.
 * Suites register vitest `describe`/`it` blocks; call them from an adapter's `*.test.ts`.
 */
export * from './random.js';
export * from './storage-suite.js';
export * from './connection-suite.js';
export * from './transport-suite.js';
