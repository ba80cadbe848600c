/**
 * @module bench/relay — WebSocket tracker benchmark (not a test). Opens PEERS WebSocket peers
 * (default 10,000, spread over 4 client processes) announcing across 1,000 swarms, then measures
 * in the tracker process: memory per connected idle peer (RSS and heap deltas after GC, from a
 * baseline taken after a warm-up of 1,000 peers that connect, announce and leave), and
 * announces per second (plain, and with one ~300-byte offer each, which the tracker fans out).
 * Runs the same against bittorrent-tracker's server for comparison. 127.0.0.1 only; bounded
 * counts; a global timeout ends the run. Writes bench/results/relay.json (key bytesPerIdlePeer).
 * Env: SEEDLING_BENCH_PEERS, SEEDLING_BENCH_SWARMS, SEEDLING_BENCH_WORKERS, SEEDLING_BENCH_REFERENCE=0 to skip the reference.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const PEERS = Math.min(Number(process.env.SEEDLING_BENCH_PEERS ?? 10_000), 15_000);
const SWARMS = Number(process.env.SEEDLING_BENCH_SWARMS ?? 1000);
const WORKERS = Number(process.env.SEEDLING_BENCH_WORKERS ?? 4);
const ROUNDS = 3;
const children = new Set();

if (!existsSync(`${dir}../apps/relay/dist/index.js`)) {
  console.error('build the relay first: pnpm --filter @seedling/relay build');
  process.exit(1);
}
const killAll = () => {
  for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
};
const deadline = setTimeout(() => {
  console.error('bench/relay: global timeout (10 min), stopping');
  killAll();
  process.exit(1);
}, 10 * 60_000);
process.on('exit', killAll);

function spawnChild(file, args, execArgv = []) {
  const c = fork(`${dir}${file}`, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(c);
  return c;
}
function next(child, type, ms = 120_000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), ms);
    const on = (m) => {
      if (m.type !== type) return;
      clearTimeout(t);
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`${type}: child exited ${code}`)));
  });
}
async function mem(host) {
  const p = next(host, 'mem');
  host.send('mem');
  return p;
}

async function run(mode) {
  const host = spawnChild('relay-host.mjs', [mode], ['--expose-gc']);
  const { port } = await next(host, 'ready');
  const url = mode === 'seedling' ? `ws://127.0.0.1:${port}/announce` : `ws://127.0.0.1:${port}`;
  await new Promise((r) => setTimeout(r, 500));
  const cold = await mem(host);
  // Warm-up: 1,000 peers connect, announce and leave, so one-time growth (V8 young generation,
  // code, pools) is in the baseline and the delta below is the marginal cost per peer.
  const warm = spawnChild('relay-clients.mjs', [url, '1000', String(SWARMS), String(PEERS)]);
  await next(warm, 'connected', 300_000);
  const warmDone = next(warm, 'done', 300_000);
  warm.send({ cmd: 'announce', rounds: ROUNDS, offers: 1 });
  await warmDone;
  warm.send({ cmd: 'close' });
  await new Promise((r) => setTimeout(r, 1500));
  const before = await mem(host);
  const per = Math.ceil(PEERS / WORKERS);
  const t0 = performance.now();
  const workers = [];
  for (let w = 0; w < WORKERS; w++) {
    const n = Math.min(per, PEERS - w * per);
    if (n > 0) workers.push(spawnChild('relay-clients.mjs', [url, String(n), String(SWARMS), String(w * per)]));
  }
  const connected = (await Promise.all(workers.map((w) => next(w, 'connected', 300_000)))).reduce((n, m) => n + m.peers, 0);
  const connectSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const idle = await mem(host);

  const cpu = async () => {
    const p = next(host, 'cpu');
    host.send('cpu');
    const c = await p;
    return c.user + c.system;
  };
  const cpuPer = {};
  const phase = async (offers) => {
    const cpu0 = await cpu();
    const start = performance.now();
    const done = Promise.all(workers.map((w) => next(w, 'done', 300_000)));
    for (const w of workers) w.send({ cmd: 'announce', rounds: ROUNDS, offers });
    const total = (await done).reduce((n, m) => n + m.announces, 0);
    const elapsed = (performance.now() - start) / 1000;
    cpuPer[offers] = Number((((await cpu()) - cpu0) / total).toFixed(1));
    return Math.round(total / elapsed);
  };
  const announcesPerSecond = await phase(0);
  const announcesWithOfferPerSecond = await phase(1);
  for (const w of workers) w.send({ cmd: 'close' });
  host.send('close');
  await new Promise((r) => setTimeout(r, 500));
  const result = {
    peers: connected,
    swarms: SWARMS,
    connectSeconds: Number(connectSeconds.toFixed(1)),
    bytesPerIdlePeer: Math.round((idle.rss - before.rss) / connected),
    /** The same from a cold start (includes one-time heap growth; larger at small peer counts). */
    bytesPerIdlePeerCold: Math.round((idle.rss - cold.rss) / connected),
    heapBytesPerIdlePeer: Math.round((idle.heapUsed - before.heapUsed) / connected),
    rssBefore: before.rss,
    rssIdle: idle.rss,
    announcesPerSecond,
    announcesWithOfferPerSecond,
    /** Tracker CPU time per announce (µs): less sensitive to other load on the machine than the rate. */
    cpuMicrosPerAnnounce: cpuPer[0],
    cpuMicrosPerAnnounceWithOffer: cpuPer[1],
  };
  console.log(`${mode.padEnd(10)} peers=${connected} rss/peer=${result.bytesPerIdlePeer} B (cold ${result.bytesPerIdlePeerCold} B) heap/peer=${result.heapBytesPerIdlePeer} B announces/s=${announcesPerSecond} with-offer/s=${announcesWithOfferPerSecond} cpu/announce=${cpuPer[0]}µs cpu/announce+offer=${cpuPer[1]}µs connect=${result.connectSeconds}s`);
  return result;
}

console.log(`bench/relay: ${PEERS} WebSocket peers over ${SWARMS} swarms, ${WORKERS} client processes, ${ROUNDS} announce rounds`);
const seedling = await run('seedling');
const reference = process.env.SEEDLING_BENCH_REFERENCE === '0' ? null : await run('reference');
const out = {
  bench: 'relay',
  date: new Date().toISOString(),
  node: process.version,
  bytesPerIdlePeer: seedling.bytesPerIdlePeer,
  heapBytesPerIdlePeer: seedling.heapBytesPerIdlePeer,
  announcesPerSecond: seedling.announcesPerSecond,
  announcesWithOfferPerSecond: seedling.announcesWithOfferPerSecond,
  cpuMicrosPerAnnounce: seedling.cpuMicrosPerAnnounce,
  seedling,
  reference: reference ? { name: 'bittorrent-tracker 11.2.3', ...reference } : null,
};
mkdirSync(`${dir}results`, { recursive: true });
writeFileSync(`${dir}results/relay.json`, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote bench/results/relay.json (bytesPerIdlePeer=${out.bytesPerIdlePeer})`);
clearTimeout(deadline);
process.exit(0);
