#!/usr/bin/env node
/**
 * @module bench/web — tab → tab transfer through seedling-relay in headless Chromium, for 64 MiB
 * and 256 MiB: the Seedling web app (share link opened in a second context) against WebTorrent's
 * own browser bundle (webtorrent/dist/webtorrent.min.js, same relay as its tracker) and against a
 * raw RTCDataChannel between the two tabs. Prints MB/s and ratios, writes bench/results/web.json.
 * Runs itself inside ../shared/tools/isolated-net (Chromium gathers no candidates on loopback
 * alone). Build first: `pnpm build`. Not a test.
 *
 * A/B (diagnosis): `BENCH_WEB_VARIANTS=a:/dir/one,b:/dir/two` also runs the Seedling transfer with
 * each built web app (a relay with `--web-root <dir>` each), right after the main one, per size,
 * alternating: `run.variants.<name>`. `BENCH_WEB_ROUNDS=n` repeats every size n times.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MiB = 1024 * 1024;

async function main() {
  const requireWeb = createRequire(join(repo, 'apps/web/package.json'));
  const { chromium } = createRequire(join(repo, 'package.json'))('playwright-core');
  let webtorrentPath = null;
  try {
    webtorrentPath = join(requireWeb.resolve('webtorrent/package.json'), '..', 'dist', 'webtorrent.min.js');
    if (!existsSync(webtorrentPath)) webtorrentPath = null;
  } catch {
    webtorrentPath = null;
  }
  const sizes = (process.env.BENCH_WEB_SIZES ?? '64,256').split(',').map(Number);
  const tmp = join(repo, 'bench/tmp');
  mkdirSync(tmp, { recursive: true });
  const relay = await startRelay();
  const variants = [];
  for (const v of (process.env.BENCH_WEB_VARIANTS ?? '').split(',').filter(Boolean)) {
    const at = v.indexOf(':');
    variants.push({ name: v.slice(0, at), relay: await startRelay(['--web-root', v.slice(at + 1)]) });
  }
  const rounds = Math.max(1, Number(process.env.BENCH_WEB_ROUNDS ?? 1));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-features=WebRtcHideLocalIpsWithMdns'],
    timeout: 30_000,
  });
  browserCdp = await browser.newBrowserCDPSession();
  const results = { date: new Date().toISOString(), cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg(), runs: [] };
  try {
    for (const mib of sizes.flatMap((m) => Array(rounds).fill(m))) {
      const file = join(tmp, `web-${mib}.bin`);
      await writeRandomFile(file, mib * MiB);
      const run = { mib };
      for (const close of pairs) await close().catch(() => undefined);
      pairs.clear();
      const attempt = (fn) => fn().catch((err) => ({ error: String(err.message ?? err).split('\n')[0] }));
      run.raw = await attempt(() => rawChannel(browser, relay.origin, mib * MiB));
      run.seedling = await attempt(() => seedlingRun(browser, relay.origin, file, mib * MiB));
      if (variants.length > 0) {
        run.variants = {};
        for (const v of variants) run.variants[v.name] = await attempt(() => seedlingRun(browser, v.relay.origin, file, mib * MiB));
      }
      run.webtorrent = webtorrentPath ? await attempt(() => webtorrentRun(browser, relay.origin, file, webtorrentPath, mib * MiB)) : { skipped: 'webtorrent dist not installed' };
      run.seedlingOverRaw = run.seedling.MBps && run.raw.MBps ? round(run.seedling.MBps / run.raw.MBps) : null;
      run.seedlingOverWebtorrent = run.webtorrent.MBps ? round(run.seedling.MBps / run.webtorrent.MBps) : null;
      results.runs.push(run);
      if (run.variants) console.log(`${mib} MiB variants: ${Object.entries(run.variants).map(([k, r]) => `${k} ${r.MBps ?? r.error} MB/s (first byte ${r.firstByteMs} ms, renderer CPU ${r.rendererCpuS} s)`).join(' · ')} · load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
      console.log(`${mib} MiB: raw channel ${run.raw.MBps} MB/s · seedling ${run.seedling.MBps} MB/s (in page ${run.seedling.inPageMBps ?? '–'}; first byte ${run.seedling.firstByteMs} ms) · webtorrent ${run.webtorrent.MBps ?? '–'} MB/s · seedling/raw ${run.seedlingOverRaw} · seedling/webtorrent ${run.seedlingOverWebtorrent ?? '–'} · renderer CPU s raw/seedling/webtorrent ${run.raw.rendererCpuS}/${run.seedling.rendererCpuS}/${run.webtorrent.rendererCpuS ?? '–'}`);
      await rm(file, { force: true });
    }
  } finally {
    await browser.close();
    await relay.stop();
    for (const v of variants) await v.relay.stop();
  }
  mkdirSync(join(repo, 'bench/results'), { recursive: true });
  writeFileSync(join(repo, 'bench/results/web.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results/web.json');
}

const round = (x) => Math.round(x * 100) / 100;
const mbps = (bytes, ms) => round(bytes / 1e6 / (ms / 1000));

async function writeRandomFile(path, size) {
  const fh = await open(path, 'w');
  try {
    for (let at = 0; at < size; at += MiB) await fh.write(randomBytes(Math.min(MiB, size - at)));
  } finally {
    await fh.close();
  }
}

function startRelay(args = []) {
  return new Promise((resolveRelay, reject) => {
    const child = spawn(process.execPath, ['apps/relay/dist/server.js', '--host', '127.0.0.1', '--port', '0', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error('relay did not start')), 15_000);
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /"port":(\d+)/.exec(buf);
      if (m && buf.includes('listening')) {
        clearTimeout(timer);
        child.stdout.resume();
        resolveRelay({
          origin: `http://127.0.0.1:${m[1]}`,
          stop: () => new Promise((r) => { child.once('exit', r); process.kill(child.pid, 'SIGTERM'); }),
        });
      }
    });
  });
}

async function pagePair(browser, origin) {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext({ acceptDownloads: true })).newPage();
  for (const p of [a, b]) p.setDefaultTimeout(300_000);
  const close = async () => { await a.context().close(); await b.context().close(); };
  pairs.add(close);
  return { a, b, close: async () => { pairs.delete(close); await close(); } };
}
/** The browser's CDP session (process list with CPU times). */
let browserCdp = null;

/**
 * CPU seconds used so far by every renderer process (pages and their workers), from CDP
 * `SystemInfo.getProcessInfo`. A contender's `rendererCpuS` is the difference over its transfer:
 * CPU per byte compares the pages' own cost independently of the machine's load.
 */
async function rendererCpuSeconds() {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').reduce((n, p) => n + p.cpuTime, 0);
}
const cpuSince = async (t0) => round((await rendererCpuSeconds()) - t0);

/**
 * BENCH_WEB_THREADS=1 (diagnosis): CPU seconds per renderer thread name (CrRendererMain,
 * DedicatedWorker, WebRTC_Network, …) over each transfer, from /proc/<pid>/task/<tid>/stat.
 */
async function threadCpu() {
  const { readdirSync } = await import('node:fs');
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
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
const threadsOn = process.env.BENCH_WEB_THREADS === '1' || process.env.BENCH_WEB_THREADS_BY_PID === '1';
/** Per thread name: CPU seconds since `before` (threads that used ≥ 0.05 s). */
async function threadCpuSince(before) {
  if (!before) return undefined;
  const now = await threadCpu();
  const byName = {};
  for (const [k, v] of now) {
    // BENCH_WEB_THREADS_BY_PID=1: per renderer process too (`<pid>/<thread>`).
    const name = process.env.BENCH_WEB_THREADS_BY_PID === '1' ? `${k.split('/')[0]}/${k.split('/').slice(2).join('/')}` : k.split('/').slice(2).join('/');
    byName[name] = (byName[name] ?? 0) + v - (before.get(k) ?? 0);
  }
  return Object.fromEntries(Object.entries(byName).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)]));
}

/** Contexts of a contender that failed half-way: closed before the next one starts. */
const pairs = new Set();

/** Raw RTCDataChannel between two tabs: 64 KiB messages, bufferedAmountLow backpressure. */
async function rawChannel(browser, origin, size) {
  const { a, b, close } = await pagePair(browser, origin);
  await a.goto(`${origin}/404-bench`).catch(() => undefined);
  await b.goto(`${origin}/404-bench`).catch(() => undefined);
  const offer = await a.evaluate(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    window.pc = pc;
    window.ch = pc.createDataChannel('bench', { ordered: true });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription.sdp;
  });
  const answer = await b.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    window.pc = pc;
    window.got = new Promise((resolveGot) => {
      pc.ondatachannel = (ev) => {
        let n = 0;
        let first = 0;
        ev.channel.binaryType = 'arraybuffer';
        ev.channel.onmessage = (m) => {
          if (!first) first = performance.now();
          n += m.data.byteLength;
          if (n >= window.expected) resolveGot(performance.now());
        };
      };
    });
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription.sdp;
  }, offer);
  await b.evaluate((n) => (window.expected = n), size);
  await a.evaluate(async (sdp) => {
    await window.pc.setRemoteDescription({ type: 'answer', sdp });
    await new Promise((r) => (window.ch.readyState === 'open' ? r() : (window.ch.onopen = r)));
  }, answer);
  const cpu0 = await rendererCpuSeconds();
  const threads0 = threadsOn ? await threadCpu() : null;
  const t0 = Date.now();
  const done = b.evaluate(() => window.got);
  await a.evaluate(async (total) => {
    const ch = window.ch;
    ch.bufferedAmountLowThreshold = 1 << 20;
    const chunk = new Uint8Array(65536);
    crypto.getRandomValues(chunk);
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (ch.bufferedAmount > 8 << 20) await new Promise((r) => (ch.onbufferedamountlow = r));
      ch.send(chunk);
    }
  }, size);
  await done;
  const ms = Date.now() - t0;
  const cpu = await cpuSince(cpu0);
  const threads = await threadCpuSince(threads0);
  await close();
  return { ms, MBps: mbps(size, ms), rendererCpuS: cpu, ...(threads ? { threads } : {}) };
}

/** The Seedling web app: A shares through the file input, B opens the share link. */
async function seedlingRun(browser, origin, file, size) {
  const { a, b, close } = await pagePair(browser, origin);
  if (process.env.BENCH_WEB_TRACE === '1') for (const p of [a, b]) await p.addInitScript(traceChannels);
  // When `download-complete` enters the DOM, seen from inside the page (wall clock): Playwright's
  // `waitFor` polls every 500 ms after its first tries, which `ms` includes (0–500 ms late);
  // the raw channel and WebTorrent are timed inside their pages. Reported beside `ms`.
  await b.addInitScript(() => {
    const watch = () => {
      const seen = () => document.querySelector('[data-testid="download-complete"]');
      if (seen()) return void (window.__completeAt ??= Date.now());
      new MutationObserver((_, obs) => {
        if (!seen()) return;
        window.__completeAt ??= Date.now();
        obs.disconnect();
      }).observe(document.documentElement, { childList: true, subtree: true });
    };
    if (document.documentElement) watch();
    else document.addEventListener('DOMContentLoaded', watch);
  });
  await a.goto(`${origin}/`);
  const h0 = Date.now();
  await a.getByTestId('file-input').setInputFiles(file);
  const link = await a.getByTestId('share-link').getAttribute('href', { timeout: 300_000 });
  const hashMs = Date.now() - h0;
  const profile = process.env.BENCH_WEB_PROFILE === '1' ? await startProfiles([a, b]) : null;
  // BENCH_WEB_CHROME_TRACE=1 (diagnosis): a Chromium trace of the transfer (both tabs: main
  // threads, workers, IPC), summarized per thread as CPU time per top-level task name into
  // bench/tmp/web-chrome-trace.json (the raw trace beside it).
  const chromeTrace = process.env.BENCH_WEB_CHROME_TRACE === '1';
  if (chromeTrace) await browser.startTracing(b, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'ipc', 'mojom'] });
  const cpu0 = await rendererCpuSeconds();
  const threads0 = threadsOn ? await threadCpu() : null;
  const t0 = Date.now();
  await b.goto(link);
  await b.waitForFunction(() => Number(document.querySelector('.receive')?.dataset.downloaded ?? 0) > 0, undefined, { polling: 20, timeout: 120_000 });
  const firstByteMs = Date.now() - t0;
  await b.getByTestId('download-complete').waitFor({ timeout: 600_000 });
  const ms = Date.now() - t0;
  const cpu = await cpuSince(cpu0);
  const threads = await threadCpuSince(threads0);
  const completeAt = await b.evaluate(() => window.__completeAt ?? null);
  const inPage = completeAt ? { inPageMs: completeAt - t0, inPageMBps: mbps(size, completeAt - t0) } : {};
  if (process.env.BENCH_WEB_TRACE === '1') await b.evaluate((at) => window.__trace.mark('download-complete seen', at), t0 + ms);
  if (chromeTrace) writeFileSync(join(repo, 'bench/tmp/web-chrome-trace.json'), JSON.stringify(summarizeTrace(await browser.stopTracing()), null, 1));
  if (profile) writeFileSync(join(repo, 'bench/tmp/web-profile.json'), JSON.stringify(await profile(), null, 1));
  const trace = process.env.BENCH_WEB_TRACE === '1' ? { sender: await a.evaluate(() => window.__trace.report()), receiver: await b.evaluate(() => window.__trace.report()) } : undefined;
  // Timelines in ms since the link was opened (t0).
  if (trace) for (const side of [trace.sender, trace.receiver]) side.timeline = side.timeline.map(([t, w]) => `${t - t0} ${w}`);
  await close();
  return { ms, MBps: mbps(size, ms), ...inPage, firstByteMs, hashMs, hashMBps: mbps(size, hashMs), rendererCpuS: cpu, ...(threads ? { threads } : {}), ...(trace ? { trace } : {}) };
}

/**
 * CPU milliseconds per thread and per event name of a Chromium trace (complete events with
 * thread time `tdur`; nested events are counted inside their parents too, so read each name as
 * "time spent in or under it").
 */
function summarizeTrace(buffer) {
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
  writeFileSync(join(repo, 'bench/tmp/web-chrome-trace.raw.json'), buffer);
  return out;
}

/**
 * BENCH_WEB_PROFILE=1 (diagnosis): a V8 CPU profile of each page's main thread over the
 * transfer, summarized as self time per function into bench/tmp/web-profile.json.
 */
async function startProfiles(pages) {
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

/**
 * BENCH_WEB_TRACE=1 (diagnosis, not in the results): every data channel of the page, sampled
 * every 20 ms — bufferedAmount (is the sender's channel full or starved?), message count, sizes
 * and bytes each way, and the main thread's long tasks.
 */
function traceChannels() {
  const channels = [];
  const Orig = window.RTCPeerConnection;
  // Connection timeline (wall clock, so both pages and the bench line up): what the first byte
  // waits for — page scripts, tracker socket, offers/answers, ICE, DTLS/SCTP, tunnel sockets.
  const timeline = [];
  const mark = (what) => { if (timeline.length < 200) timeline.push([Date.now(), what]); };
  const OrigWs = window.WebSocket;
  window.WebSocket = class extends OrigWs {
    constructor(url, ...rest) {
      super(url, ...rest);
      const path = new URL(url, location.href).pathname;
      mark(`ws ${path} new`);
      this.addEventListener('open', () => mark(`ws ${path} open`));
      this.addEventListener('close', () => mark(`ws ${path} close`));
    }
  };
  let pcs = 0;
  const watch = (ch) => {
    const c = { ch, sent: 0, sentBytes: 0, got: 0, gotBytes: 0, maxMsg: 0, requests: 0, wire: { skip: 68, head: [], left: 0 } };
    const label = `dc${channels.length}`;
    ch.addEventListener('open', () => mark(`${label} open`));
    ch.addEventListener('close', () => mark(`${label} close`));
    ch.addEventListener('message', (m) => {
      if (m.data.byteLength < 16384) return;
      if (c.gotBytes < 16384) mark(`${label} first block`);
      c.lastBlockAt = Date.now();
    });
    c.label = label;
    c.seenOut = new Map();
    // The first frame of each message id received (BEP 3/10 ids), over the first 256 KiB.
    const seenIn = new Map();
    const rw = { skip: 68, head: [] };
    ch.addEventListener('message', (m) => {
      if (c.gotBytes > 256 << 10 || typeof m.data === 'string') return;
      const bytes = new Uint8Array(m.data);
      for (let i = 0; i < bytes.length; ) {
        if (rw.skip > 0) { const n = Math.min(rw.skip, bytes.length - i); rw.skip -= n; i += n; continue; }
        rw.head.push(bytes[i++]);
        if (rw.head.length === 5) {
          const len = ((rw.head[0] << 24) | (rw.head[1] << 16) | (rw.head[2] << 8) | rw.head[3]) >>> 0;
          const k = rw.head[4];
          if ((seenIn.get(k) ?? 0) < (k === 20 ? 4 : 1)) { seenIn.set(k, (seenIn.get(k) ?? 0) + 1); mark(`${label} got id ${k}`); }
          rw.skip = len - 1;
          rw.head = [];
        } else if (rw.head.length === 4 && rw.head.every((x) => x === 0)) rw.head = [];
      }
    });
    channels.push(c);
    const send = ch.send.bind(ch);
    // Counts the BEP 3 `request` frames (id 6) in what this page sends: with the blocks
    // received, the requests outstanding at the peer.
    const countRequests = (bytes) => {
      const w = c.wire;
      for (let i = 0; i < bytes.length; ) {
        if (w.skip > 0) { const n = Math.min(w.skip, bytes.length - i); w.skip -= n; i += n; continue; }
        w.head.push(bytes[i++]);
        if (w.head.length === 5) {
          const len = ((w.head[0] << 24) | (w.head[1] << 16) | (w.head[2] << 8) | w.head[3]) >>> 0;
          if (w.head[4] === 6) c.requests++;
          const k = w.head[4];
          if ((c.seenOut.get(k) ?? 0) < (k === 20 ? 4 : 1)) { c.seenOut.set(k, (c.seenOut.get(k) ?? 0) + 1); mark(`${c.label} sent id ${k}`); }
          w.skip = len - 1;
          w.head = [];
        } else if (w.head.length === 4 && w.head.every((x) => x === 0)) w.head = []; // keep-alive
      }
    };
    ch.send = (d) => {
      c.sent++;
      c.sentBytes += d.byteLength ?? d.length ?? 0;
      c.maxMsg = Math.max(c.maxMsg, d.byteLength ?? 0);
      if (typeof d !== 'string') countRequests(d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      return send(d);
    };
    ch.addEventListener('message', (m) => { c.got++; c.gotBytes += m.data.byteLength ?? 0; });
  };
  window.RTCPeerConnection = class extends Orig {
    constructor(...args) {
      super(...args);
      const id = `pc${pcs++}`;
      mark(`${id} new`);
      this.addEventListener('datachannel', (e) => watch(e.channel));
      this.addEventListener('icegatheringstatechange', () => mark(`${id} gathering ${this.iceGatheringState}`));
      this.addEventListener('connectionstatechange', () => mark(`${id} ${this.connectionState}`));
      this.addEventListener('icecandidate', (e) => {
        const f = e.candidate?.candidate?.split(' ');
        mark(f ? `${id} candidate ${f[2]} ${f[4]} ${f[7]}` : `${id} candidate end`);
      });
    }
    async setRemoteDescription(d) {
      mark(`pc remote ${d?.type}`);
      return super.setRemoteDescription(d);
    }
    createDataChannel(...args) {
      const ch = super.createDataChannel(...args);
      watch(ch);
      return ch;
    }
  };
  const slice = Blob.prototype.slice;
  const blobStats = { slices: 0, sliceMs: 0, bytes: 0 };
  Blob.prototype.slice = function (...args) {
    const t = performance.now();
    const out = slice.apply(this, args);
    blobStats.slices++;
    blobStats.sliceMs += performance.now() - t;
    blobStats.bytes += out.size;
    return out;
  };
  let longTaskMs = 0;
  let longTasks = 0;
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { longTasks++; longTaskMs += e.duration; } }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const samples = [];
  const outstanding = [];
  let lag = 0;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    lag += Math.max(0, now - last - 20);
    last = now;
    for (const c of channels) {
      if (c.sentBytes > 1 << 20 && c.ch.readyState === 'open') samples.push(c.ch.bufferedAmount);
      if (c.gotBytes > 1 << 20 && c.ch.readyState === 'open') outstanding.push(Math.round(c.requests - c.gotBytes / 16397));
    }
  }, 20);
  window.__trace = {
    mark: (what, at) => timeline.push([at, what]),
    report() {
      // The page's own User Timing marks (apps/web: `seedling:metadata`, `seedling:done`, …).
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('seedling:')) timeline.push([Math.round(performance.timeOrigin + m.startTime), m.name]);
      const sorted = [...samples].sort((x, y) => x - y);
      const q = (f) => sorted.length ? sorted[Math.floor(f * (sorted.length - 1))] : null;
      return {
        channels: channels.map((c) => ({ sent: c.sent, sentBytes: c.sentBytes, got: c.got, gotBytes: c.gotBytes, maxMsg: c.maxMsg, threshold: c.ch.bufferedAmountLowThreshold })),
        bufferedAmount: { n: sorted.length, p10: q(0.1), p50: q(0.5), p90: q(0.9), zeroShare: sorted.length ? Math.round((100 * sorted.filter((x) => x === 0).length) / sorted.length) : null },
        outstandingRequests: (() => {
          const o = [...outstanding].sort((x, y) => x - y);
          const at = (f) => (o.length ? o[Math.floor(f * (o.length - 1))] : null);
          return { n: o.length, p10: at(0.1), p50: at(0.5), p90: at(0.9), max: at(1) };
        })(),
        blob: { ...blobStats, sliceMs: Math.round(blobStats.sliceMs) },
        longTasks, longTaskMs: Math.round(longTaskMs), timerLagMs: Math.round(lag),
        timeline: [...timeline, ...channels.filter((c) => c.lastBlockAt).map((c) => [c.lastBlockAt, `${c.label} last block`])].sort((x, y) => x[0] - y[0]).filter(([, w]) => !/ (new|gathering \w+)$/.test(w) || timeline.length < 60),
      };
    },
  };
}

/** WebTorrent's browser bundle: A seeds the same File, B adds the magnet; both on the relay's tracker. */
async function webtorrentRun(browser, origin, file, distPath, size) {
  const { a, b, close } = await pagePair(browser, origin);
  const announce = `${origin.replace('http', 'ws')}/announce`;
  // The dist file is an ES module ending in `export{X as default}`: expose X as window.WebTorrent.
  const source = readFileSync(distPath, 'utf8').replace(/export\{(\w+) as default\};?/, 'window.WebTorrent=$1;');
  for (const p of [a, b]) {
    await p.goto(`${origin}/404-bench`).catch(() => undefined);
    await p.addScriptTag({ type: 'module', content: source });
    await p.waitForFunction(() => typeof window.WebTorrent === 'function', undefined, { timeout: 30_000 });
  }
  await a.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'wt-file';
    document.body.append(input);
  });
  await a.setInputFiles('#wt-file', file);
  const magnet = await a.evaluate(async (tr) => {
    const client = new window.WebTorrent({ tracker: { rtcConfig: { iceServers: [] } }, dht: false, lsd: false, utp: false });
    window.client = client;
    return new Promise((r) => client.seed(document.getElementById('wt-file').files[0], { announce: [tr] }, (t) => r(t.magnetURI)));
  }, announce);
  const cpu0 = await rendererCpuSeconds();
  const threads0 = threadsOn ? await threadCpu() : null;
  const t0 = Date.now();
  const firstAndDone = await b.evaluate(async ({ magnet, tr }) => {
    const client = new window.WebTorrent({ tracker: { rtcConfig: { iceServers: [] } }, dht: false, lsd: false, utp: false });
    const start = performance.now();
    return new Promise((r) => {
      const t = client.add(magnet, { announce: [tr] });
      let first = 0;
      t.on('download', () => { if (!first) first = performance.now() - start; });
      t.on('done', () => r({ first, done: performance.now() - start }));
    });
  }, { magnet, tr: announce });
  const ms = Date.now() - t0;
  const cpu = await cpuSince(cpu0);
  const threads = await threadCpuSince(threads0);
  await close();
  return { ms, MBps: mbps(size, ms), firstByteMs: Math.round(firstAndDone.first), rendererCpuS: cpu, ...(threads ? { threads } : {}) };
}

if (process.env.ISOLATED_NET_INSIDE !== '1') {
  const tool = join(repo, '..', 'shared', 'tools', 'isolated-net');
  if (!existsSync(tool)) {
    console.error(`bench/web: ${tool} is missing (needed for WebRTC in headless Chromium)`);
    process.exit(2);
  }
  const child = spawn(tool, [process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
