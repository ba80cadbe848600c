/**
 * @module assembly/index — the wasm module's exports. Built twice by asc: with `--enable simd`
 * (ASC_FEATURE_SIMD selects the x4 lane kernels) and without (scalar fallback).
 */

export { setup, ctxPtr, outPtr, inPtr, inSize, outSize } from './layout';
export { streamInit, streamUpdate, streamFinal } from './stream';
export { multiInit, multiUpdate, multiFinal } from './multi';
export { hashPieces, digestSize } from './batch';
export { popcount, andNot, nextSetBit } from './bitfield';
export { availabilityAdd, pickRarest } from './availability';
