/**
 * @module bench/lib/cpu-profile — V8 CPU profiles of Playwright pages over CDP, summarized as
 * self time per function.
 */

/**
 * BENCH_WEB_PROFILE=1 (diagnosis): a V8 CPU profile of each page's main thread over the
 * transfer, summarized as self time per function into bench/tmp/web-profile.json.
 */
export async function startProfiles(pages) {
  const sessions = [];
  for (const p of pages) {
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    sessions.push(cdp);
  }
  return async () => {
    const out = [];
    for (const cdp of sessions) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
      const dt = new Map();
      profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      let total = 0;
      for (const [id, us] of dt) {
        const f = byId.get(id).callFrame;
        // Builtins (no url) are named with their caller: which `slice` or `send` costs.
        const up = f.url ? null : parent.get(id)?.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}${up ? ` < ${up.functionName || '(anon)'}:${up.lineNumber}:${up.columnNumber}` : ''}`;
        self.set(key, (self.get(key) ?? 0) + us);
        total += us;
      }
      out.push({ totalMs: Math.round(total / 1000), top: [...self].sort((x, y) => y[1] - x[1]).slice(0, 25).map(([k, us]) => `${Math.round(us / 1000)} ms ${k}`) });
    }
    return out;
  };
}
