/**
 * @module @seedling/hasher-wasm — SHA-1/SHA-256, BEP 52 merkle roots and bitfield kernels in
 * AssemblyScript-built wasm, one API in Node, browsers and workers. The worker pool is the
 * `@seedling/hasher-wasm/pool` subpath (worker_threads in Node, Web Workers in browsers).
 *
 * @example
 * import { createHasher } from '@seedling/hasher-wasm';
 * const h = await createHasher();
 * const digest = h.sha256(new TextEncoder().encode('abc'));
 */

export { createHasher, type WasmHasher } from './create-hasher.js';
export { simdSupported, type HasherOptions } from './instance.js';
export { HasherError, isHasherError, type HasherErrorCode } from './errors.js';
export { MERKLE_BLOCK_SIZE, type HashAlgorithm, type HashPool, type StreamingHash } from './types.js';
export { AvailabilityCounter } from './availability.js';
export { WasmStreamingHash } from './streaming.js';
export { maskInPlace, maskKernel } from './xor-mask.js';
