/**
 * @module instance-shared — the wasm instance of a pool worker on shared memory. Kept apart from
 * instance.ts so that only worker bundles carry the shared-memory build.
 */

import { decodeBase64 } from './base64.js';
import { HasherError } from './errors.js';
import type { WasmInstance } from './instance.js';
import { WASM_SHARED_BASE64 } from './wasm-code-shared.js';
import type { WasmExports } from './wasm-exports.js';

/** Pages of the shared-memory build's imported memory: must match `--initialMemory`/`--maximumMemory` in package.json. */
const SHARED_PAGES = { initial: 80, maximum: 128 } as const;

/**
 * For pool workers: an instance of the SIMD build on a shared WebAssembly.Memory, so the pool
 * can write task input straight into the worker's staging buffer (one copy instead of two).
 * Undefined where shared memory is unavailable (browsers that are not cross-origin isolated,
 * engines without wasm threads or SIMD): the caller then uses instantiate().
 */
export async function instantiateShared(): Promise<(WasmInstance & { memory: WebAssembly.Memory }) | undefined> {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer === 'undefined' || scope.crossOriginIsolated === false) return undefined;
  try {
    const bytes = decodeBase64(WASM_SHARED_BASE64);
    if (!WebAssembly.validate(bytes)) return undefined;
    const memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {
      env: { memory, abort: () => { throw new HasherError('HASHER_WASM_UNAVAILABLE', 'wasm abort'); } },
    });
    const exports = { ...(instance.exports as unknown as WasmExports), memory };
    exports.setup();
    return { exports, simd: true, memory };
  } catch {
    return undefined;
  }
}
