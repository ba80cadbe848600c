/**
 * @module bench/lib/chrome-trace — summarizes a Chromium trace (from Playwright's
 * `browser.stopTracing()`) as CPU time per thread and per event name.
 */
import { writeFileSync } from 'node:fs';

/**
 * CPU milliseconds per thread and per event name of a Chromium trace (complete events with
 * thread time `tdur`; nested events are counted inside their parents too, so read each name as
 * "time spent in or under it"). Writes the raw trace to `rawPath`.
 */
export function summarizeTrace(buffer, rawPath) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8'));
  const names = new Map();
  for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
  const perThread = new Map();
  const open = new Map();
  for (const e of traceEvents) {
    const key = `${e.pid}/${e.tid}`;
    let dur = null;
    if (e.ph === 'X' && typeof e.tdur === 'number') dur = e.tdur;
    else if (e.ph === 'B' && typeof e.tts === 'number') { (open.get(key) ?? open.set(key, []).get(key)).push(e); continue; }
    else if (e.ph === 'E' && typeof e.tts === 'number') { const b = open.get(key)?.pop(); if (b) { dur = e.tts - b.tts; e.name = b.name; } }
    if (dur === null) continue;
    const t = perThread.get(key) ?? perThread.set(key, new Map()).get(key);
    t.set(e.name, (t.get(e.name) ?? 0) + dur);
  }
  const out = {};
  for (const [key, t] of perThread) {
    const top = [...t].sort((x, y) => y[1] - x[1]).filter(([, us]) => us >= 5000).slice(0, 30);
    if (top.length) out[`${key} ${names.get(key) ?? '?'}`] = top.map(([n, us]) => `${Math.round(us / 1000)} ms ${n}`);
  }
  writeFileSync(rawPath, buffer);
  return out;
}
