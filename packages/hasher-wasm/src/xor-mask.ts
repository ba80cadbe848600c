/**
 * @module xor-mask — WebSocket payload masking, RFC 6455 §5.3 (`byte i ^= key[i mod 4]`; the
 * same operation masks and unmasks), synchronous, without a native addon.
 *
 * Large inputs go through the SIMD kernel of assembly/xor-mask.ts: 64 KiB at a time copied into
 * its memory, XORed in v128 lanes, copied back. The two copies are memcpy and cost less than
 * XOR in JavaScript. CPU time, best of 3, one run (Node 20, x86-64, load ≈ 2): 256 KiB parts:
 * wasm 14.3 GB/s, Uint32Array loop 4.4, bufferutil (the native addon this replaced) 23.4; 16 KiB:
 * 14.2, 4.3, 21.6; 1 KiB: 3.7, 3.0, 6.1. Inputs under 1 KiB, and engines without wasm SIMD,
 * take the JavaScript loop.
 */
import { decodeBase64 } from './base64.js';
import { HasherError } from './errors.js';
import { WASM_MASK_BASE64 } from './wasm-code-mask.js';

interface MaskExports {
  readonly memory: WebAssembly.Memory;
  maskSetup(): number;
  maskWindowSize(): number;
  maskWindow(len: number, key: number): void;
}

/** Below this many bytes the JavaScript loop is as fast (the call, views and copies cost as much as the XOR). */
const WASM_MIN_BYTES = 1024;
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Kernel {
  exports: MaskExports;
  window: number;
  size: number;
  view: Uint8Array;
}
/** The instance, created on first use; null when this engine cannot run it. */
let kernel: Kernel | null | undefined;

function loadKernel(): Kernel | null {
  try {
    const bytes = decodeBase64(WASM_MASK_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    // Synchronous: the module is a few hundred bytes, under browsers' 4 KiB limit for sync compiles.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { abort: () => { throw new HasherError('HASHER_WASM_UNAVAILABLE', 'wasm abort'); } },
    });
    const exports = instance.exports as unknown as MaskExports;
    const window = exports.maskSetup();
    return { exports, window, size: exports.maskWindowSize(), view: new Uint8Array(exports.memory.buffer) };
  } catch {
    return null; // no wasm (or no SIMD) here: the JavaScript loop is correct, only slower
  }
}

/** The key rotated to `offset`, as the u32 that holds its bytes in memory order (`le`: little-endian). */
function rotatedKey(key: Uint8Array, offset: number, le: boolean): number {
  const a = key[offset & 3]!, b = key[(offset + 1) & 3]!, c = key[(offset + 2) & 3]!, d = key[(offset + 3) & 3]!;
  return (le ? a | (b << 8) | (c << 16) | (d << 24) : (a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/**
 * JavaScript masking: bytes up to the first 4-byte-aligned address one at a time, then a
 * Uint32Array over the aligned middle (unrolled by 8), then the tail. Exported for tests.
 */
export function maskInPlaceJs(bytes: Uint8Array, key: Uint8Array, offset: number): void {
  const n = bytes.length;
  let i = 0;
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) bytes[i]! ^= key[(offset + i) & 3]!;
  const words = (n - i) >>> 2;
  if (words > 0) {
    const w = rotatedKey(key, offset + i, littleEndian) | 0;
    const u = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let j = 0;
    for (; j + 8 <= words; j += 8) {
      u[j]! ^= w; u[j + 1]! ^= w; u[j + 2]! ^= w; u[j + 3]! ^= w;
      u[j + 4]! ^= w; u[j + 5]! ^= w; u[j + 6]! ^= w; u[j + 7]! ^= w;
    }
    for (; j < words; j++) u[j]! ^= w;
    i += words * 4;
  }
  for (; i < n; i++) bytes[i]! ^= key[(offset + i) & 3]!;
}

/** Which implementation masks inputs of 512 bytes or more here: the wasm SIMD kernel or the JavaScript loop. */
export function maskKernel(): 'wasm-simd' | 'js' {
  if (kernel === undefined) kernel = loadKernel();
  return kernel ? 'wasm-simd' : 'js';
}

/**
 * Masks (or unmasks) `bytes` in place with the 4-byte masking `key`, `bytes[0]` being byte
 * `offset` of the frame's payload (so a payload can be masked in parts). Throws
 * `HASHER_INVALID_INPUT` unless `key` has 4 bytes and `offset` is a non-negative integer.
 */
export function maskInPlace(bytes: Uint8Array, key: Uint8Array, offset = 0): void {
  if (key.length !== 4) throw new HasherError('HASHER_INVALID_INPUT', `a masking key has 4 bytes, got ${key.length}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new HasherError('HASHER_INVALID_INPUT', `bad payload offset ${offset}`);
  if (bytes.length < WASM_MIN_BYTES) return maskInPlaceJs(bytes, key, offset);
  if (kernel === undefined) kernel = loadKernel();
  if (kernel === null) return maskInPlaceJs(bytes, key, offset);
  const k = kernel;
  if (k.view.buffer !== k.exports.memory.buffer) k.view = new Uint8Array(k.exports.memory.buffer); // never grows after setup; cheap guard
  const w = rotatedKey(key, offset, true); // wasm memory is little-endian; window sizes are multiples of 4
  for (let at = 0; at < bytes.length; at += k.size) {
    const part = bytes.subarray(at, Math.min(bytes.length, at + k.size));
    k.view.set(part, k.window);
    k.exports.maskWindow(part.length, w);
    part.set(k.view.subarray(k.window, k.window + part.length));
  }
}
