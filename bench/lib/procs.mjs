/**
 * @module bench/lib/procs — child processes for the system benchmarks: every spawned process is
 * remembered and killed by PID on exit, on errors and on Ctrl-C/SIGTERM; output is split into
 * lines (NDJSON events parsed) so a bench can wait for an event; peak RSS is read from
 * /proc/PID/status (VmHWM, with VmRSS sampled as a fallback) while the process lives.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const live = new Set();

/** Kill every process still running (SIGKILL by PID). */
export function killAll() {
  for (const p of live) p.kill('SIGKILL');
}

let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\nbench: ${sig}, stopping children`);
      killAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
}

/** Peak and current resident set size of a PID in bytes, from /proc (null once it is gone). */
export function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a live PID has used so far, from /proc/PID/stat (null once gone). */
export function readCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Start `cmd args`. Returns a handle: `pid`, `lines` (all output lines so far), `events`
 * (parsed JSON lines of stdout), `waitFor(pred, ms)` resolving with the first event matching
 * `pred`, `exited` (promise of the exit code), `peakRss()` (bytes, max of VmHWM/VmRSS samples),
 * `stop(signal)` (signal then SIGKILL after 3 s; resolves when gone).
 */
export function start(cmd, args, opts = {}) {
  hookExit();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  const handle = {
    name: opts.name ?? cmd,
    pid: child.pid,
    lines: [],
    events: [],
    peak: 0,
    cpu: 0,
    exitCode: null,
    kill: (sig) => {
      if (handle.exitCode === null && child.pid) {
        try {
          process.kill(child.pid, sig);
        } catch {
          /* already gone */
        }
      }
    },
  };
  live.add(handle);
  const waiters = new Set();
  const sample = () => {
    const m = readMemory(child.pid);
    if (m) handle.peak = Math.max(handle.peak, m.hwm, m.rss);
    const c = readCpuSeconds(child.pid);
    if (c !== null) handle.cpu = c;
  };
  const sampler = setInterval(sample, opts.sampleMs ?? 200);
  sampler.unref();
  const onLine = (line, stream) => {
    handle.lines.push(line);
    if (handle.lines.length > 2000) handle.lines.splice(0, 1000);
    if (opts.echo) console.log(`  [${handle.name}] ${line}`);
    if (stream !== 'stdout' || !line.startsWith('{')) return;
    let ev;
    try {
      ev = JSON.parse(line);
    } catch {
      return;
    }
    ev.t = performance.now();
    handle.events.push(ev);
    if (handle.events.length > 5000) handle.events.splice(0, 2500);
    for (const w of waiters) if (w.pred(ev)) w.resolve(ev);
  };
  for (const [stream, src] of [['stdout', child.stdout], ['stderr', child.stderr]]) {
    let buf = '';
    src.setEncoding('utf8');
    src.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i), stream);
        buf = buf.slice(i + 1);
      }
    });
  }
  handle.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      handle.exitCode = code ?? signal;
      live.delete(handle);
      for (const w of waiters) w.reject(new Error(`${handle.name} exited (${handle.exitCode}) while waiting; last output:\n${handle.lines.slice(-8).join('\n')}`));
      resolve(handle.exitCode);
    });
    child.on('error', (err) => {
      clearInterval(sampler);
      handle.exitCode = -1;
      live.delete(handle);
      for (const w of waiters) w.reject(err);
      resolve(-1);
    });
  });
  handle.waitFor = (pred, ms = 60_000, what = 'event') => {
    const hit = handle.events.find(pred);
    if (hit) return Promise.resolve(hit);
    if (handle.exitCode !== null) return Promise.reject(new Error(`${handle.name} already exited (${handle.exitCode})`));
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (ev) => (waiters.delete(w), clearTimeout(timer), resolve(ev)),
        reject: (err) => (waiters.delete(w), clearTimeout(timer), reject(err)),
      };
      const timer = setTimeout(() => w.reject(new Error(`${handle.name}: timed out after ${ms} ms waiting for ${what}`)), ms);
      waiters.add(w);
    });
  };
  handle.peakRss = () => {
    sample();
    return handle.peak;
  };
  /** CPU seconds used (last sample while alive). */
  handle.cpuSeconds = () => {
    sample();
    return handle.cpu;
  };
  handle.stop = async (sig = 'SIGTERM') => {
    if (handle.exitCode !== null) return handle.exitCode;
    sample();
    handle.kill(sig);
    const t = setTimeout(() => handle.kill('SIGKILL'), 3000);
    const code = await handle.exited;
    clearTimeout(t);
    return code;
  };
  return handle;
}

/** Stop several handles at once. */
export async function stopAll(handles, sig) {
  await Promise.all(handles.filter(Boolean).map((h) => h.stop(sig)));
}
