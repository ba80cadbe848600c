/**
 * @module bench/tunnel — relayed tunnel throughput against raw loopback TCP, in one run.
 *
 * Starts the real relay (apps/relay/dist/server.js) on 127.0.0.1 with rate and byte limits off
 * and a listener peer in a second process (this file, BENCH_TUNNEL_LISTENER=url), then
 * opens one circuit (packages/core/dist client, `ws` sockets, node:crypto record cipher, Node's wire: frames
 * written and read on the sockets without `ws`'s copies) and sends 64 MiB through it
 * (end-to-end AES-256-GCM, relayed by the process); then sends 64 MiB over a plain loopback TCP
 * socket in this process. Rounds alternate; the best round of each counts. Prints MB/s and the
 * ratio and writes bench/results/tunnel.json (key `tunnelOverRawLoopback`). Build first:
 * `pnpm build`. Not a test: no assertions on speed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { dialViaRelay, listenViaRelay } from '../packages/core/dist/index.js';
import { nodeTunnelCipher, nodeTunnelWire } from '../packages/core/dist/adapters/node/index.js';

/** Bytes per round (BENCH_MIB, default 64 MiB); CPU times are read in 10 ms ticks, so more bytes measure CPU finer. */
const TOTAL = Number(process.env.BENCH_MIB ?? 64) * 1024 * 1024;
const CHUNK = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Record cipher of the tunnel rounds: node:crypto (default) or WebCrypto (BENCH_CIPHER=webcrypto). */
const CIPHER = process.env.BENCH_CIPHER === 'webcrypto' ? undefined : nodeTunnelCipher;
/** Node's message path without `ws`'s copies (default with node:crypto; BENCH_WIRE=0: through `ws`). */
const WIRE = CIPHER && process.env.BENCH_WIRE !== '0' ? nodeTunnelWire : undefined;
const INFO_HASH = 'cd'.repeat(20);
/** Largest ws message the peers send (default: the library's, capped by the relay's limit). */
const MESSAGE_BYTES = process.env.BENCH_MESSAGE_BYTES ? Number(process.env.BENCH_MESSAGE_BYTES) : undefined;
const relayBin = fileURLToPath(new URL('../apps/relay/dist/server.js', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const block = new Uint8Array(CHUNK).map((_, i) => (i * 31) & 0xff);
const mbps = (bytes, ms) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;

function timeout(ms, what) {
  let t;
  const p = new Promise((_, reject) => (t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  return { p, cancel: () => clearTimeout(t) };
}

async function startRelay() {
  const nodeArgs = (process.env.BENCH_RELAY_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, relayBin, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SEEDLING_RELAY_TUNNEL_CIRCUIT_RATE: '0', SEEDLING_RELAY_TUNNEL_GLOBAL_RATE: '0', SEEDLING_RELAY_TUNNEL_CIRCUIT_BYTES: '0' },
  });
  const t = timeout(15_000, 'relay start');
  const port = await Promise.race([
    t.p,
    new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('"event":"listening"'));
        if (line) resolve(JSON.parse(line).port);
      });
      child.once('exit', (code) => reject(new Error(`relay exited ${code}`)));
    }),
  ]);
  t.cancel();
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Listener role (a child process, like a real remote peer): reads each circuit to the end, reports on stdout. */
async function runListener(url) {
  const serve = (conn) =>
    void (async () => {
      let got = 0;
      for await (const c of conn.readable) if ((got += c.length) >= TOTAL) break;
      process.stdout.write(`${JSON.stringify({ event: 'done', got })}\n`);
      conn.close();
    })().catch((err) => process.stdout.write(`${JSON.stringify({ event: 'done', got: -1, error: String(err) })}\n`));
  await listenViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, peerId: 'bench-listener', onConnection: serve, cipher: CIPHER, wire: WIRE, maxMessageBytes: MESSAGE_BYTES });
  // Both peers on WebCrypto (what browsers use), for comparison.
  await listenViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, peerId: 'bench-listener-wc', onConnection: serve });
  // Raw TCP to this process too: the same two-process topology as the tunnel, without the relay.
  const tcp = createServer((sock) => {
    let got = 0;
    sock.on('data', (d) => {
      if ((got += d.length) === TOTAL) process.stdout.write(`${JSON.stringify({ event: 'done', got })}\n`);
    });
  });
  await new Promise((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ event: 'ready', tcpPort: tcp.address().port })}\n`);
}

/** Starts the listener process; `next()` resolves with its next report. */
async function startListener(url) {
  const nodeArgs = (process.env.BENCH_LISTENER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const proc = spawn(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_TUNNEL_LISTENER: url } });
  const reports = inboundQueue();
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) reports.push(JSON.parse(buf.slice(0, i)));
  });
  const t = timeout(15_000, 'listener start');
  const ready = await Promise.race([reports.next(), t.p]);
  t.cancel();
  return { proc, next: reports.next, tcpPort: ready.tcpPort };
}

async function tunnelRound(url, listener, cipher, remotePeerId) {
  const conn = await dialViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, localPeerId: 'bench-dialer', remotePeerId, cipher, wire: cipher ? WIRE : undefined, maxMessageBytes: MESSAGE_BYTES });
  const start = performance.now();
  const done = listener.next();
  for (let sent = 0; sent < TOTAL; sent += CHUNK) await conn.write(block);
  const t = timeout(120_000, 'tunnel round');
  const report = await Promise.race([done, t.p]);
  t.cancel();
  const ms = performance.now() - start;
  if (report.got !== TOTAL) throw new Error(`tunnel delivered ${report.got} of ${TOTAL} ${report.error ?? ''}`);
  conn.close();
  return ms;
}

/** The same relay circuit without the E2E layer: raw ws frames of the tunnel's message size (16 records). */
async function relayOnlyRound(url) {
  const ws = `${url.replace('http', 'ws')}/tunnel`;
  const open = (u) => new Promise((resolve, reject) => { const w = new WebSocket(u); w.once('open', () => resolve(w)).once('error', reject); });
  const peerId = `raw-${Math.random().toString(36).slice(2)}`;
  const res = await open(ws);
  res.send(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId }));
  const accepted = new Promise((resolve) =>
    res.on('message', async (d) => {
      const m = JSON.parse(d.toString());
      if (m.type !== 'INCOMING') return;
      const a = await open(ws);
      a.send(JSON.stringify({ v: 1, type: 'ACCEPT', circuitId: m.circuitId }));
      a.once('message', () => resolve(a));
    }),
  );
  await new Promise((r) => res.once('message', r)); // reservation OK
  const dl = await open(ws);
  dl.send(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId, from: 'raw-dialer' }));
  await new Promise((r) => dl.once('message', r));
  const acc = await accepted;
  const frame = new Uint8Array(16 * (64 * 1024 + 20));
  const start = performance.now();
  let got = 0;
  const done = new Promise((resolve) => acc.on('message', (d) => { got += d.length; if (got >= TOTAL) resolve(performance.now()); }));
  let queued = 0;
  for (let sent = 0; sent < TOTAL; sent += frame.length) {
    queued += frame.length;
    dl.send(frame, () => (queued -= frame.length));
    while (queued > 4 * 1024 * 1024) await new Promise((r) => setImmediate(r));
  }
  const t = timeout(60_000, 'relay-only round');
  const end = await Promise.race([done, t.p]);
  t.cancel();
  for (const w of [dl, acc, res]) w.terminate();
  return end - start;
}

async function tcpRound() {
  const server = createServer();
  const done = new Promise((resolve) =>
    server.on('connection', (s) => {
      let got = 0;
      s.on('data', (d) => {
        got += d.length;
        if (got >= TOTAL) resolve(performance.now());
      });
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sock = connect(server.address().port, '127.0.0.1');
  await new Promise((resolve) => sock.once('connect', resolve));
  const start = performance.now();
  for (let sent = 0; sent < TOTAL; sent += CHUNK) {
    if (!sock.write(block)) await new Promise((resolve) => sock.once('drain', resolve));
  }
  const t = timeout(60_000, 'tcp round');
  const end = await Promise.race([done, t.p]);
  t.cancel();
  sock.destroy();
  server.close();
  return end - start;
}

/** Raw loopback TCP from this process to the listener process (the tunnel's topology minus the relay). */
async function tcpToListenerRound(listener) {
  const sock = connect(listener.tcpPort, '127.0.0.1');
  await new Promise((resolve) => sock.once('connect', resolve));
  const done = listener.next();
  const start = performance.now();
  for (let sent = 0; sent < TOTAL; sent += CHUNK) {
    if (!sock.write(block)) await new Promise((resolve) => sock.once('drain', resolve));
  }
  const t = timeout(60_000, 'tcp round to the listener');
  const report = await Promise.race([done, t.p]);
  t.cancel();
  const ms = performance.now() - start;
  sock.destroy();
  if (report.got !== TOTAL) throw new Error(`tcp delivered ${report.got} of ${TOTAL}`);
  return ms;
}

/** CPU ms (user + system) used so far by process `pid` (Linux /proc), or NaN. */
function procCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** [user ms, system ms, minor page faults] of process `pid` so far (Linux /proc), for BENCH_TUNNEL_ONLY's breakdown. */
function procStat(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [Number(f[11]) * 10, Number(f[12]) * 10, Number(f[7])];
  } catch {
    return [Number.NaN, Number.NaN, Number.NaN];
  }
}

/** Runs `fn`; returns [its result, CPU ms of this process, of the relay, of the listener process]. */
async function withCpu(relayPid, fn, listenerPid = 0) {
  const c0 = process.cpuUsage();
  const [r0, l0] = [procCpuMs(relayPid), listenerPid ? procCpuMs(listenerPid) : 0];
  const result = await fn();
  const c = process.cpuUsage(c0);
  return [result, (c.user + c.system) / 1000, procCpuMs(relayPid) - r0, listenerPid ? procCpuMs(listenerPid) - l0 : 0];
}

/** An async queue of inbound connections. */
function inboundQueue() {
  const items = [];
  const waiters = [];
  return {
    push: (c) => (waiters.length ? waiters.shift()(c) : items.push(c)),
    next: () => (items.length ? Promise.resolve(items.shift()) : new Promise((r) => waiters.push(r))),
  };
}

const perMiB = (ms) => Math.round((ms / (TOTAL / 1048576)) * 100) / 100;
const best = (xs) => perMiB(Math.min(...xs));

/** BENCH_TUNNEL_ONLY=1: only the tunnel rounds, nothing else (for --cpu-prof of the three processes). */
async function tunnelOnly(url, listener, relayPid) {
  const pids = [process.pid, relayPid, listener.proc.pid];
  for (let r = 0; r < ROUNDS; r++) {
    const s0 = pids.map(procStat);
    const [ms, d, rl, l] = await withCpu(relayPid, () => tunnelRound(url, listener, CIPHER, 'bench-listener'), listener.proc.pid);
    // user / system ms per MiB and minor page faults per MiB (fresh pages: allocations the kernel zero-fills).
    const split = pids.map(procStat).map((s, i) => `${perMiB(s[0] - s0[i][0])}/${perMiB(s[1] - s0[i][1])}/${Math.round((s[2] - s0[i][2]) / (TOTAL / 1048576))}`);
    console.log(`tunnel ${mbps(TOTAL, ms)} MB/s, CPU ms/MiB dialer ${perMiB(d)} relay ${perMiB(rl)} listener ${perMiB(l)} (sum ${perMiB(d + rl + l)}); user/sys ms/MiB/faults per MiB: ${split.join('  ')}`);
  }
}

async function main() {
  const { child, url } = await startRelay();
  const listener = await startListener(url);
  if (process.env.BENCH_TUNNEL_ONLY === '1') {
    await tunnelOnly(url, listener, child.pid).finally(() => {
      listener.proc.kill('SIGINT');
      process.kill(child.pid, 'SIGINT');
    });
    process.exit(0);
  }
  try {
    const [wcMs, wcD, wcR, wcL] = await withCpu(child.pid, () => tunnelRound(url, listener, undefined, 'bench-listener-wc'), listener.proc.pid);
    const ms = { tunnel: [], relayOnly: [], tcp: [], tcp2: [] };
    const cpu = { tunnel: [], dialer: [], relay: [], listener: [], relayOnly: [], relayOnlyRelay: [], tcp: [], tcp2: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const [a, ad, ar, al] = await withCpu(child.pid, () => tunnelRound(url, listener, CIPHER, 'bench-listener'), listener.proc.pid);
      ms.tunnel.push(a);
      cpu.tunnel.push(ad + ar + al);
      cpu.dialer.push(ad);
      cpu.relay.push(ar);
      cpu.listener.push(al);
      const [b, bc, br] = await withCpu(child.pid, () => relayOnlyRound(url));
      ms.relayOnly.push(b);
      cpu.relayOnly.push(bc + br);
      cpu.relayOnlyRelay.push(br);
      const [x, xc, , xl] = await withCpu(child.pid, () => tcpToListenerRound(listener), listener.proc.pid);
      ms.tcp2.push(x);
      cpu.tcp2.push(xc + xl);
      const [c, cc] = await withCpu(child.pid, () => tcpRound());
      ms.tcp.push(c);
      cpu.tcp.push(cc);
    }
    const [tunnel, raw, relayOnly] = [ms.tunnel, ms.tcp, ms.relayOnly].map((xs) => mbps(TOTAL, Math.min(...xs)));
    const ratio = Math.round((tunnel / raw) * 1000) / 1000;
    const rounds = (xs) => xs.map((m) => mbps(TOTAL, m)).join(', ');
    console.log(`tunnel (E2E AES-256-GCM, ${CIPHER ? 'node:crypto' : 'WebCrypto'}, through seedling-relay): ${tunnel} MB/s  rounds ${rounds(ms.tunnel)}`);
    console.log(`same, both peers on WebCrypto (one round): ${mbps(TOTAL, wcMs)} MB/s, CPU ${perMiB(wcD + wcR + wcL)} ms/MiB`);
    console.log(`same relay, no E2E layer (raw 1 MiB ws frames): ${relayOnly} MB/s  rounds ${rounds(ms.relayOnly)}`);
    console.log(`raw loopback TCP: ${raw} MB/s  rounds ${rounds(ms.tcp)}`);
    const raw2 = mbps(TOTAL, Math.min(...ms.tcp2));
    console.log(`raw loopback TCP to the listener process (two processes, as the tunnel's peers): ${raw2} MB/s  rounds ${rounds(ms.tcp2)}, CPU ${best(cpu.tcp2)} ms/MiB; tunnel / this: ${Math.round((tunnel / raw2) * 1000) / 1000}`);
    // When the machine is CPU-bound (loaded), throughput follows CPU cost: this ratio is the steadier one.
    const cpuRatio = Math.round((best(cpu.tcp) / best(cpu.tunnel)) * 1000) / 1000;
    console.log(`tunnel / raw loopback: ${ratio} (target ≥ 0.5); CPU cost ratio raw / tunnel: ${cpuRatio}`);
    console.log(`CPU ms per MiB: tunnel ${best(cpu.tunnel)} (dialer ${best(cpu.dialer)}, relay ${best(cpu.relay)}, listener ${best(cpu.listener)}), relay without E2E ${best(cpu.relayOnly)} (relay ${best(cpu.relayOnlyRelay)}), raw TCP ${best(cpu.tcp)}`);
    mkdirSync(resultsDir, { recursive: true });
    const result = {
      bench: 'tunnel',
      date: new Date().toISOString(),
      node: process.version,
      bytes: TOTAL,
      rounds: ROUNDS,
      topology: 'dialer (this process) -> relay process -> listener process, 127.0.0.1',
      cipher: CIPHER ? 'node:crypto' : 'webcrypto',
      tunnelMBps: tunnel,
      rawLoopbackMBps: raw,
      relayWithoutE2eMBps: relayOnly,
      tunnelWebCryptoMBps: mbps(TOTAL, wcMs),
      tunnelWebCryptoCpuMsPerMiB: perMiB(wcD + wcR + wcL),
      tunnelOverRelayWithoutE2e: Math.round((tunnel / relayOnly) * 1000) / 1000,
      cpuMsPerMiB: {
        tunnel: best(cpu.tunnel),
        tunnelDialerProcess: best(cpu.dialer),
        relayProcessTunnel: best(cpu.relay),
        tunnelListenerProcess: best(cpu.listener),
        relayWithoutE2e: best(cpu.relayOnly),
        relayProcessWithoutE2e: best(cpu.relayOnlyRelay),
        rawLoopback: best(cpu.tcp),
      },
      loadAverage: (await import('node:os')).loadavg()[0],
      tunnelOverRawLoopback: ratio,
      rawOverTunnelCpuCost: cpuRatio,
      tunnelRoundsMBps: ms.tunnel.map((m) => mbps(TOTAL, m)),
      rawRoundsMBps: ms.tcp.map((m) => mbps(TOTAL, m)),
      rawTwoProcessesMBps: raw2,
      rawTwoProcessesCpuMsPerMiB: best(cpu.tcp2),
      tunnelOverRawTwoProcesses: Math.round((tunnel / raw2) * 1000) / 1000,
    };
    writeFileSync(`${resultsDir}tunnel.json`, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    listener.proc.kill('SIGINT');
    if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  }
  process.exit(0);
}

if (process.env.BENCH_TUNNEL_LISTENER) {
  process.once('SIGINT', () => process.exit(0)); // exits cleanly (writes a --cpu-prof profile)
  await runListener(process.env.BENCH_TUNNEL_LISTENER);
}
else await main();
