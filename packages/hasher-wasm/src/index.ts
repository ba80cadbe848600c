/** @module @seedling/hasher-wasm — placeholder until the AssemblyScript kernels land. */
export const HASHER_VERSION = '0.1.0';
