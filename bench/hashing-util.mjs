/** @module bench/hashing-util — timing helpers for bench/hashing.mjs (best of several interleaved rounds). */

/** Deterministic pseudo-random bytes (xorshift32). */
export function randomBytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Milliseconds of one run of `fn` (sync or async). */
export async function timeOnce(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Best time (ms) of each named case over `rounds` rounds; cases are interleaved round by round
 * so that load from other processes hits them alike. One warm-up run each first.
 */
export async function bestOf(cases, rounds) {
  const best = Object.fromEntries(Object.keys(cases).map((k) => [k, Infinity]));
  for (const fn of Object.values(cases)) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of Object.entries(cases)) best[k] = Math.min(best[k], await timeOnce(fn));
  }
  return best;
}

/** ns per call: repeats `fn` until ~`budgetMs` elapsed, best of 3 batches. */
export function nsPerOp(fn, budgetMs = 60) {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    const ms = performance.now() - t0;
    if (ms > budgetMs / 4 || n > 1e7) break;
    n *= 4;
  }
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    best = Math.min(best, ((performance.now() - t0) * 1e6) / n);
  }
  return best;
}

/** Right-pads for a table column. */
export const pad = (s, n) => String(s).padEnd(n);
