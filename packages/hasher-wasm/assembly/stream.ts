/** @module assembly/stream — one streaming context (init/update/final) in the CTX region. */

import { ALG_SHA1, CTX, SCRATCH } from './layout';
import { padTail, writeDigest } from './common';
import { sha1Init } from './sha1';
import { sha1Blocks } from './sha1-unrolled';
import { sha256Init } from './sha256';
import { sha256Blocks } from './sha256-unrolled';

const BUF: usize = CTX + 32;
const BUFFERED: usize = CTX + 96;
const TOTAL: usize = CTX + 104;

/** Runs `n` blocks of algorithm `alg` over `p` into `state`. */
@inline export function blocks(alg: i32, state: usize, p: usize, n: i32): void {
  if (alg == ALG_SHA1) sha1Blocks(state, p, n);
  else sha256Blocks(state, p, n);
}

/** Writes the initial hash value of `alg` into `state`. */
@inline export function initState(alg: i32, state: usize): void {
  if (alg == ALG_SHA1) sha1Init(state);
  else sha256Init(state);
}

/** Resets the streaming context for `alg`. */
export function streamInit(alg: i32): void {
  initState(alg, CTX);
  store<u32>(BUFFERED, 0);
  store<u64>(TOTAL, 0);
}

/** Absorbs `len` bytes at `p`, buffering a partial block in the context. */
export function streamUpdate(alg: i32, p: usize, len: i32): void {
  let buffered = <i32>load<u32>(BUFFERED);
  store<u64>(TOTAL, load<u64>(TOTAL) + <u64>len);
  if (buffered > 0) {
    const take = min(64 - buffered, len);
    memory.copy(BUF + buffered, p, <usize>take);
    buffered += take; p += take; len -= take;
    if (buffered < 64) { store<u32>(BUFFERED, buffered); return; }
    blocks(alg, CTX, BUF, 1);
    buffered = 0;
  }
  const nb = len >> 6;
  if (nb > 0) blocks(alg, CTX, p, nb);
  const rest = len & 63;
  memory.copy(BUF, p + (<usize>nb << 6), <usize>rest);
  store<u32>(BUFFERED, rest);
}

/** Pads, finishes and writes the digest of the context to `out`. */
export function streamFinal(alg: i32, out: usize): void {
  const nb = padTail(BUF, <i32>load<u32>(BUFFERED), load<u64>(TOTAL), SCRATCH);
  blocks(alg, CTX, SCRATCH, nb);
  writeDigest(CTX, out, alg == ALG_SHA1 ? 5 : 8);
}
