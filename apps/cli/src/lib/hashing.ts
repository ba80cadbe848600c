/** @module lib/hashing — the wasm hasher, created once per process. */
import { createHasher, type WasmHasher } from '@seedling/hasher-wasm';

let hasher: Promise<WasmHasher> | undefined;

/** The shared in-thread wasm hasher. */
export function getHasher(): Promise<WasmHasher> {
  hasher ??= createHasher();
  return hasher;
}
