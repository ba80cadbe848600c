/**
 * @module instance — compiles and instantiates the wasm. The SIMD build is chosen when
 * `WebAssembly.validate` accepts it (the engine supports fixed-width SIMD), else the scalar build.
 */

import { decodeBase64 } from './base64.js';
import { HasherError } from './errors.js';
import { WASM_SCALAR_BASE64, WASM_SIMD_BASE64 } from './wasm-code.js';
import type { WasmExports } from './wasm-exports.js';

/** Options of createHasher(). */
export interface HasherOptions {
  /** Force (true) or forbid (false) the SIMD build; default: SIMD when the engine validates it. */
  simd?: boolean;
}

/** A ready module instance and which build it runs. */
export interface WasmInstance {
  readonly exports: WasmExports;
  readonly simd: boolean;
}

let simdBytes: Uint8Array<ArrayBuffer> | undefined;
let simdValid: boolean | undefined;
/** Compiled modules, one per build: compiling once lets later hashers instantiate cheaply. */
const modules = new Map<boolean, Promise<WebAssembly.Module>>();

/** True when this engine accepts the SIMD build. */
export function simdSupported(): boolean {
  simdBytes ??= decodeBase64(WASM_SIMD_BASE64);
  simdValid ??= WebAssembly.validate(simdBytes);
  return simdValid;
}

/** The compiled module of one build (cached; a failed compile is not cached). */
function compiled(simd: boolean): Promise<WebAssembly.Module> {
  let m = modules.get(simd);
  if (!m) {
    const bytes = simd ? (simdBytes ??= decodeBase64(WASM_SIMD_BASE64)) : decodeBase64(WASM_SCALAR_BASE64);
    m = WebAssembly.compile(bytes);
    m.catch(() => modules.delete(simd));
    modules.set(simd, m);
  }
  return m;
}

/** Instantiates a fresh instance (each hasher owns its memory, so nothing leaks between hashers). */
export async function instantiate(options: HasherOptions = {}): Promise<WasmInstance> {
  const useSimd = options.simd ?? simdSupported();
  if (useSimd && !simdSupported()) throw new HasherError('HASHER_WASM_UNAVAILABLE', 'this engine does not support wasm SIMD');
  try {
    const instance = await WebAssembly.instantiate(await compiled(useSimd), {
      env: { abort: () => { throw new HasherError('HASHER_WASM_UNAVAILABLE', 'wasm abort'); } },
    });
    const exports = instance.exports as unknown as WasmExports;
    exports.setup();
    return { exports, simd: useSimd };
  } catch (cause) {
    throw new HasherError('HASHER_WASM_UNAVAILABLE', 'could not instantiate the hasher wasm', { cause });
  }
}

