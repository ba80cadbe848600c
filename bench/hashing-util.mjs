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

/**
 * Wall-clock and CPU milliseconds of one run of `fn` (sync or async). CPU time is the process's
 * (all threads), so it does not grow when other processes take the cores.
 */
export async function timeOnce(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/**
 * Best wall and best CPU time (ms) of each named case over `rounds` rounds; cases are
 * interleaved round by round so that load from other processes hits them alike. One warm-up
 * run each first.
 */
export async function bestOf(cases, rounds) {
  const best = Object.fromEntries(Object.keys(cases).map((k) => [k, { wall: Infinity, cpu: Infinity }]));
  for (const fn of Object.values(cases)) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of Object.entries(cases)) {
      const t = await timeOnce(fn);
      best[k].wall = Math.min(best[k].wall, t.wall);
      best[k].cpu = Math.min(best[k].cpu, t.cpu);
    }
  }
  return best;
}

/** ns per call in process CPU time (load-independent): repeats `fn` ~`budgetMs`, best of 3 batches. */
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
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i);
    const c = process.cpuUsage(c0);
    best = Math.min(best, ((c.user + c.system) * 1e3) / n);
  }
  return best;
}

/** Right-pads for a table column. */
export const pad = (s, n) => String(s).padEnd(n);
