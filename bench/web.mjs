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
 * Diagnosis switches (BENCH_WEB_THREADS[_BY_PID], BENCH_WEB_TRACE, BENCH_WEB_PROFILE,
 * BENCH_WEB_CHROME_TRACE) use bench/lib/{browser-cpu,page-channel-trace,cpu-profile,chrome-trace}.mjs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererCpuSeconds, threadCpu, threadCpuSince, threadsOn } from './lib/browser-cpu.mjs';
import { summarizeTrace } from './lib/chrome-trace.mjs';
import { startProfiles } from './lib/cpu-profile.mjs';
import { readTrace, traceChannels } from './lib/page-channel-trace.mjs';

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
      console.log(`${mib} MiB: raw channel ${run.raw.MBps} MB/s · seedling ${run.seedling.MBps} MB/s (in page ${run.seedling.inPageMBps ?? '–'}; first byte ${run.seedling.firstByteMs} ms) · webtorrent ${run.webtorrent.MBps ?? '–'} MB/s · seedling/raw ${run.seedlingOverRaw} · seedling/webtorrent ${run.seedlingOverWebtorrent ?? '–'} · renderer CPU s raw/seedling/webtorrent ${run.raw.rendererCpuS}/${run.seedling.rendererCpuS}/${run.webtorrent.rendererCpuS ?? '–'} · load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
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

const cpuSince = async (t0) => round((await rendererCpuSeconds(browserCdp)) - t0);

/** Contexts of a contender that failed half-way: closed before the next one starts. */
const pairs = new Set();

/** Raw RTCDataChannel between two tabs: 64 KiB messages, bufferedAmountLow backpressure. */
async function rawChannel(browser, origin, size) {
  const { a, b, close } = await pagePair(browser, origin);
  const traced = process.env.BENCH_WEB_TRACE === '1';
  if (traced) for (const p of [a, b]) await p.addInitScript(traceChannels);
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
  const cpu0 = await rendererCpuSeconds(browserCdp);
  const threads0 = threadsOn ? await threadCpu(browserCdp) : null;
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
  const threads = await threadCpuSince(browserCdp, threads0);
  // BENCH_WEB_TRACE=1: the receiver's bytes per 100 ms and the sender's discarded packets, to set
  // beside the app's (the trace's own listeners cost the raw pages a little: compare traced runs).
  const trace = traced ? await readTrace(a, b, t0, size) : null;
  await close();
  return { ms, MBps: mbps(size, ms), rendererCpuS: cpu, ...(threads ? { threads } : {}), ...(trace ? { trace: { curve: trace.curve, pairs: trace.pairs, senderDiscards: trace.senderDiscards } } : {}) };
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
  const cpu0 = await rendererCpuSeconds(browserCdp);
  const threads0 = threadsOn ? await threadCpu(browserCdp) : null;
  const t0 = Date.now();
  await b.goto(link);
  await b.waitForFunction(() => Number(document.querySelector('.receive')?.dataset.downloaded ?? 0) > 0, undefined, { polling: 20, timeout: 120_000 });
  const firstByteMs = Date.now() - t0;
  await b.getByTestId('download-complete').waitFor({ timeout: 600_000 });
  const ms = Date.now() - t0;
  const cpu = await cpuSince(cpu0);
  const threads = await threadCpuSince(browserCdp, threads0);
  const completeAt = await b.evaluate(() => window.__completeAt ?? null);
  const inPage = completeAt ? { inPageMs: completeAt - t0, inPageMBps: mbps(size, completeAt - t0) } : {};
  if (process.env.BENCH_WEB_TRACE === '1') await b.evaluate((at) => window.__trace.mark('download-complete seen', at), t0 + ms);
  if (chromeTrace) writeFileSync(join(repo, 'bench/tmp/web-chrome-trace.json'), JSON.stringify(summarizeTrace(await browser.stopTracing(), join(repo, 'bench/tmp/web-chrome-trace.raw.json')), null, 1));
  if (profile) writeFileSync(join(repo, 'bench/tmp/web-profile.json'), JSON.stringify(await profile(), null, 1));
  const trace = process.env.BENCH_WEB_TRACE === '1' ? await readTrace(a, b, t0, size) : undefined;
  await close();
  return { ms, MBps: mbps(size, ms), ...inPage, firstByteMs, hashMs, hashMBps: mbps(size, hashMs), rendererCpuS: cpu, ...(threads ? { threads } : {}), ...(trace ? { trace } : {}) };
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
  const cpu0 = await rendererCpuSeconds(browserCdp);
  const threads0 = threadsOn ? await threadCpu(browserCdp) : null;
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
  const threads = await threadCpuSince(browserCdp, threads0);
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
