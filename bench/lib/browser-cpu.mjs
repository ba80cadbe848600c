/**
 * @module bench/lib/browser-cpu — CPU time of Chromium's renderer processes (pages and their
 * workers), in total from CDP and per thread from /proc: CPU per byte compares the pages' own
 * cost independently of the machine's load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { round } from './files.mjs';

/**
 * BENCH_WEB_THREADS=1 (diagnosis): CPU seconds per renderer thread name over each transfer;
 * BENCH_WEB_THREADS_BY_PID=1: per renderer process too (`<pid>/<thread>`).
 */
export const threadsOn = process.env.BENCH_WEB_THREADS === '1' || process.env.BENCH_WEB_THREADS_BY_PID === '1';
const byPid = process.env.BENCH_WEB_THREADS_BY_PID === '1';

/** CPU seconds used so far by every renderer process, from CDP `SystemInfo.getProcessInfo` (browser session). */
export async function rendererCpuSeconds(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').reduce((n, p) => n + p.cpuTime, 0);
}

/**
 * CPU seconds so far of every renderer thread (CrRendererMain, DedicatedWorker, WebRTC_Network,
 * …), keyed `<pid>/<tid>/<name>`, from /proc/<pid>/task/<tid>/stat.
 */
export async function threadCpu(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  const out = new Map();
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    let tids = [];
    try { tids = readdirSync(`/proc/${p.id}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${p.id}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${p.id}/${tid}/${comm}`, (Number(f[11]) + Number(f[12])) / 100); // utime + stime, clock ticks
      } catch { /* thread ended */ }
    }
  }
  return out;
}

/** Per thread name: CPU seconds since `before` (threads that used ≥ 0.05 s); undefined without `before`. */
export async function threadCpuSince(cdp, before) {
  if (!before) return undefined;
  const now = await threadCpu(cdp);
  const byName = {};
  for (const [k, v] of now) {
    const name = byPid ? `${k.split('/')[0]}/${k.split('/').slice(2).join('/')}` : k.split('/').slice(2).join('/');
    byName[name] = (byName[name] ?? 0) + v - (before.get(k) ?? 0);
  }
  return Object.fromEntries(Object.entries(byName).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)]));
}
