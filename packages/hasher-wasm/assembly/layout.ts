/** @module assembly/layout — fixed memory regions, preallocated once (as ChainSafe's as-sha256 does). */

/** Algorithm id of SHA-1, shared with the TS wrapper (src/wasm-exports.ts). */
export const ALG_SHA1: i32 = 1;
/** Algorithm id of SHA-256. */
export const ALG_SHA256: i32 = 2;

/** Bytes of the input staging buffer the wrapper copies data into. */
export const IN_SIZE: usize = 4 << 20;
/** Bytes of the digest output buffer (8192 SHA-256 digests). */
export const OUT_SIZE: usize = 256 << 10;

const BASE: usize = (__heap_base + 63) & ~63;
/** Streaming context: state[32] | block buffer[64] | buffered u32 @96 | total bytes u64 @104. */
export const CTX: usize = BASE;
/** Four 128-byte lanes of padded tails for the multi-buffer final step. */
export const SCRATCH: usize = CTX + 128;
/** Multi-buffer lane state: 8 v128 (SIMD) or 4 scalar states of 32 bytes. */
export const LANES: usize = SCRATCH + 512;
/** Message schedule: 80 words (scalar) or 64 v128 (SIMD). */
export const SCHED: usize = LANES + 128;
/** Digest output buffer. */
export const OUT: usize = SCHED + 80 * 16;
/** Input staging buffer. */
export const IN: usize = OUT + OUT_SIZE;
/** Start of the heap the wrapper manages (availability vectors, bitfields). */
export const HEAP: usize = IN + IN_SIZE;

/** Grows memory so every fixed region exists; returns the heap start. */
export function setup(): usize {
  const need = <i32>((HEAP + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  return HEAP;
}

/** Address of the streaming context. */
export function ctxPtr(): usize { return CTX; }
/** Address of the digest output buffer. */
export function outPtr(): usize { return OUT; }
/** Address of the input staging buffer. */
export function inPtr(): usize { return IN; }
/** Size of the input staging buffer. */
export function inSize(): usize { return IN_SIZE; }
/** Size of the digest output buffer. */
export function outSize(): usize { return OUT_SIZE; }
