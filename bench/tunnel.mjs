/**
 * @module bench/tunnel — relayed tunnel throughput against raw loopback TCP, in one run.
 *
 * Starts the real relay (apps/relay/dist/server.js) on 127.0.0.1 with rate and byte limits off,
 * opens one circuit (packages/core/dist client, `ws` sockets, node:crypto record cipher) and sends 64 MiB through it
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
import { nodeTunnelCipher } from '../packages/core/dist/adapters/node/index.js';

const TOTAL = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Record cipher of the tunnel rounds: node:crypto (default) or WebCrypto (BENCH_CIPHER=webcrypto). */
const CIPHER = process.env.BENCH_CIPHER === 'webcrypto' ? undefined : nodeTunnelCipher;
const INFO_HASH = 'cd'.repeat(20);
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

async function tunnelRound(url, inbound, cipher, remotePeerId) {
  const conn = await dialViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, localPeerId: 'bench-dialer', remotePeerId, cipher });
  const peer = await inbound.next();
  const start = performance.now();
  const reading = (async () => {
    let got = 0;
    for await (const c of peer.readable) {
      got += c.length;
      if (got >= TOTAL) break;
    }
    return got;
  })();
  for (let sent = 0; sent < TOTAL; sent += CHUNK) await conn.write(block);
  const t = timeout(120_000, 'tunnel round');
  const got = await Promise.race([reading, t.p]);
  t.cancel();
  const ms = performance.now() - start;
  if (got !== TOTAL) throw new Error(`tunnel delivered ${got} of ${TOTAL}`);
  conn.close();
  peer.close();
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

/** CPU ms (user + system) used so far by process `pid` (Linux /proc), or NaN. */
function procCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** Runs `fn` and returns [its result, CPU ms of this process, CPU ms of the relay process]. */
async function withCpu(relayPid, fn) {
  const c0 = process.cpuUsage();
  const r0 = procCpuMs(relayPid);
  const result = await fn();
  const c = process.cpuUsage(c0);
  return [result, (c.user + c.system) / 1000, procCpuMs(relayPid) - r0];
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

const { child, url } = await startRelay();
try {
  const inbound = inboundQueue();
  const reservation = await listenViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, peerId: 'bench-listener', onConnection: inbound.push, cipher: CIPHER });
  // Both peers on WebCrypto (what browsers use): one round, for comparison.
  const inboundWc = inboundQueue();
  const reservationWc = await listenViaRelay({ relay: url, WebSocket, infoHash: INFO_HASH, peerId: 'bench-listener-wc', onConnection: inboundWc.push });
  const [wcMs, wcC, wcR] = await withCpu(child.pid, () => tunnelRound(url, inboundWc, undefined, 'bench-listener-wc'));
  const tunnelMs = [];
  const tcpMs = [];
  const relayOnlyMs = [];
  const cpu = { tunnel: [], relayOnly: [], tcp: [], tunnelRelayProcess: [], relayOnlyRelayProcess: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const [a, ac, ar] = await withCpu(child.pid, () => tunnelRound(url, inbound, CIPHER, 'bench-listener'));
    tunnelMs.push(a);
    cpu.tunnel.push(ac + ar);
    cpu.tunnelRelayProcess.push(ar);
    const [b, bc, br] = await withCpu(child.pid, () => relayOnlyRound(url));
    relayOnlyMs.push(b);
    cpu.relayOnly.push(bc + br);
    cpu.relayOnlyRelayProcess.push(br);
    const [c, cc] = await withCpu(child.pid, () => tcpRound());
    tcpMs.push(c);
    cpu.tcp.push(cc);
  }
  const mib = TOTAL / 1024 / 1024;
  const cpuPerMiB = (xs) => Math.round((Math.min(...xs) / mib) * 100) / 100;
  reservation.close();
  reservationWc.close();
  const tunnel = mbps(TOTAL, Math.min(...tunnelMs));
  const raw = mbps(TOTAL, Math.min(...tcpMs));
  const relayOnly = mbps(TOTAL, Math.min(...relayOnlyMs));
  const ratio = Math.round((tunnel / raw) * 1000) / 1000;
  console.log(`tunnel (E2E AES-256-GCM through seedling-relay): ${tunnel} MB/s  rounds ${tunnelMs.map((m) => mbps(TOTAL, m)).join(', ')}`);
  console.log(`same, both peers on WebCrypto (one round):  ${mbps(TOTAL, wcMs)} MB/s  CPU ${Math.round(((wcC + wcR) / (TOTAL / 1048576)) * 100) / 100} ms/MiB`);
  console.log(`same relay, no E2E layer (raw ws frames):       ${relayOnly} MB/s  rounds ${relayOnlyMs.map((m) => mbps(TOTAL, m)).join(', ')}`);
  console.log(`raw loopback TCP:                                ${raw} MB/s  rounds ${tcpMs.map((m) => mbps(TOTAL, m)).join(', ')}`);
  console.log(`tunnel / raw loopback: ${ratio} (target ≥ 0.5)`);
  console.log(`CPU ms per MiB (all processes): tunnel ${cpuPerMiB(cpu.tunnel)}, relay without E2E ${cpuPerMiB(cpu.relayOnly)}, raw TCP ${cpuPerMiB(cpu.tcp)}; of which the relay process: tunnel ${cpuPerMiB(cpu.tunnelRelayProcess)}, without E2E ${cpuPerMiB(cpu.relayOnlyRelayProcess)}`);
  mkdirSync(resultsDir, { recursive: true });
  const result = {
    bench: 'tunnel',
    date: new Date().toISOString(),
    node: process.version,
    bytes: TOTAL,
    rounds: ROUNDS,
    tunnelMBps: tunnel,
    rawLoopbackMBps: raw,
    relayWithoutE2eMBps: relayOnly,
    cipher: CIPHER ? 'node:crypto' : 'webcrypto',
    tunnelWebCryptoMBps: mbps(TOTAL, wcMs),
    tunnelWebCryptoCpuMsPerMiB: Math.round(((wcC + wcR) / (TOTAL / 1048576)) * 100) / 100,
    tunnelOverRelayWithoutE2e: Math.round((tunnel / relayOnly) * 1000) / 1000,
    cpuMsPerMiB: { tunnel: cpuPerMiB(cpu.tunnel), relayWithoutE2e: cpuPerMiB(cpu.relayOnly), rawLoopback: cpuPerMiB(cpu.tcp), relayProcessTunnel: cpuPerMiB(cpu.tunnelRelayProcess), relayProcessWithoutE2e: cpuPerMiB(cpu.relayOnlyRelayProcess) },
    loadAverage: (await import('node:os')).loadavg()[0],
    tunnelOverRawLoopback: ratio,
    tunnelRoundsMBps: tunnelMs.map((m) => mbps(TOTAL, m)),
    rawRoundsMBps: tcpMs.map((m) => mbps(TOTAL, m)),
  };
  writeFileSync(`${resultsDir}tunnel.json`, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
}
process.exit(0);
