/**
 * @module assembly/batch — hash `n` consecutive equal-length pieces in one call: groups of four
 * go through the multi-buffer lanes, a single leftover piece through the scalar context.
 */

import { digestLen } from './common';
import { multiFinal, multiInit, multiUpdate } from './multi';
import { streamFinal, streamInit, streamUpdate } from './stream';

/** Digests of `n` pieces of `pieceLen` bytes starting at `p`, written consecutively to `out`. */
export function hashPieces(alg: i32, p: usize, pieceLen: i32, n: i32, out: usize): void {
  const dl = <usize>digestLen(alg);
  const len = <usize>pieceLen;
  const nb = pieceLen >> 6;
  const tail = pieceLen & 63;
  const tailOff = <usize>nb << 6;
  while (n > 0) {
    if (n == 1) {
      streamInit(alg);
      streamUpdate(alg, p, pieceLen);
      streamFinal(alg, out);
      return;
    }
    // 2 or 3 leftovers still use the lanes (duplicating the last piece): one x4 pass is cheaper than two scalar ones.
    const count = min(n, 4);
    const p1 = p + len, p2 = count > 2 ? p1 + len : p1, p3 = count > 3 ? p2 + len : p2;
    multiInit(alg);
    multiUpdate(alg, p, p1, p2, p3, nb);
    multiFinal(alg, p + tailOff, p1 + tailOff, p2 + tailOff, p3 + tailOff, tail, <f64>pieceLen, out, count);
    p += len * count; out += dl * count; n -= count;
  }
}

/** Digest length in bytes of algorithm `alg` (20 for SHA-1, 32 for SHA-256). */
export function digestSize(alg: i32): i32 { return digestLen(alg); }
