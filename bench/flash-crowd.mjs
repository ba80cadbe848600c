/**
 * @module bench/flash-crowd — one seeder and N = 1, 2, 4, 8 downloaders of one file (256 MiB;
 * 64 MiB with BENCH_QUICK=1), every Seedling peer's upload capped at the same `--up-rate`
 * (BENCH_RATE, default 20MB), all meeting through seedling-relay's HTTP tracker on 127.0.0.1,
 * against a node:http server whose total upload is capped at that same rate (one token bucket
 * shared by all responses) serving N concurrent downloads. Measures the time until the last
 * of the N has the whole file, from the moment the N were started. Both kinds of client are N
 * Node processes started at once (`seedling get`; a small node:http GET for the server), so
 * process start-up on this 2-core machine counts the same on both sides (until 2026-11-25 the
 * HTTP clients ran inside the bench process and started for free). Downloaders keep seeding
 * once done (`--seed`), as a crowd does.
 * Writes bench/results/flash-crowd.json (swarmTimeRatioN8toN1, httpTimeRatioN8toN1) and
 * flash-crowd.svg; with BENCH_TAG=x, flash-crowd-x.json/.svg instead (for variant runs, e.g. a
 * lower BENCH_RATE, that must not replace the main figures).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MiB, QUICK, removeDir, round, tempDir, writeRandomFile } from './lib/files.mjs';
import { startCappedServer } from './lib/http-capped.mjs';
import { start, stopAll } from './lib/procs.mjs';
import { deadline, machine, writeResult, writeSvg } from './lib/results.mjs';
import { createTorrent, get, requireBuilt, seed, startRelay, waitDone } from './lib/seedling.mjs';
import { lineChart } from './lib/svg.mjs';

const { parseRate } = await import(fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url)));
const SIZE = Number(process.env.BENCH_FLASH_MIB ?? (QUICK ? 64 : 256)) * MiB;
const RATE = process.env.BENCH_RATE ?? '20MB';
const RATE_BPS = parseRate(RATE);
const NS = (process.env.BENCH_FLASH_NS ?? '1,2,4,8').split(',').map(Number);
const VERSION = process.env.BENCH_TORRENT ?? 'v1';
const ideal = SIZE / RATE_BPS; // seconds for one full copy at the cap
// BENCH_FLASH_HTTP=0 skips the HTTP rounds (swarm-only iterations; its ratio is then null).
const HTTP = process.env.BENCH_FLASH_HTTP !== '0';
// BENCH_FLASH_PEERS=1: each process's peer and peer-closed events (time from t0, transport,
// direction, address, peer id, close reason), to see which links a swarm keeps (a measurement only).
const PEER_LOG = process.env.BENCH_FLASH_PEERS === '1';
const NAME = `flash-crowd${process.env.BENCH_TAG ? `-${process.env.BENCH_TAG}` : ''}`;

requireBuilt();
deadline((QUICK ? 12 : 25) * 60_000, 'flash-crowd');

const dir = tempDir('flash');
const data = join(dir, 'data.bin');
writeRandomFile(data, SIZE, 1);
const torrent = join(dir, 'flash.torrent');
createTorrent(data, torrent, { version: VERSION });
console.log(`flash crowd: ${SIZE / MiB} MiB, cap ${RATE} (${RATE_BPS} B/s) per peer, ${VERSION} torrent, N = ${NS.join(', ')}`);

/** A process's peer / peer-closed events as compact rows [t s, event, transport, direction, address, peer id, reason]. */
function peerLog(proc, t0) {
  return proc.events
    .filter((e) => e.event === 'peer' || e.event === 'peer-closed')
    .map((e) => [round((e.t - t0) / 1000, 2), e.event, e.transport ?? '', e.direction ?? '', e.address ?? '', e.peerId ?? '', e.reason ?? '']);
}

/**
 * How a process's links to other peers went: links opened before `until` (its done), distinct
 * peer ids met, and the most links it held at once to one peer id (1 = one link per peer, as
 * BitTorrent clients keep; a duplicate would show as 2). Links opened after done are counted
 * apart: a complete getter's links to complete peers close at once ("both complete").
 */
function linkStats(proc, until) {
  const open = new Map(); // address -> peer id
  let maxPerPeer = 0;
  for (const e of proc.events) {
    if (e.event === 'peer') {
      open.set(e.address, e.peerId);
      maxPerPeer = Math.max(maxPerPeer, [...open.values()].filter((id) => id === e.peerId).length);
    } else if (e.event === 'peer-closed') open.delete(e.address);
  }
  const opened = proc.events.filter((e) => e.event === 'peer');
  return {
    connectionsBeforeDone: opened.filter((e) => e.t <= until).length,
    connectionsAfterDone: opened.filter((e) => e.t > until).length,
    distinctPeers: new Set(opened.map((e) => e.peerId)).size,
    maxLinksToOnePeer: maxPerPeer,
  };
}

/** N Seedling downloaders from one capped seeder through a fresh relay. */
async function swarmRound(n) {
  const relay = await startRelay();
  const seeder = await seed(data, torrent, { relay: relay.url, upRate: RATE });
  const outs = Array.from({ length: n }, (_, i) => join(dir, `swarm-${n}-${i}`));
  const t0 = performance.now();
  const getters = outs.map((out, i) => get(torrent, out, { relay: relay.url, upRate: RATE, seed: true, name: `getter${i}` }));
  try {
    const timeout = Math.max(120_000, 8000 * ideal * n);
    const cpuAtDone = [];
    const dones = await Promise.all(getters.map((g, i) => waitDone(g, timeout).then((t) => ((cpuAtDone[i] = g.cpuSeconds()), t))));
    const started = getters.map((g) => g.events.find((e) => e.event === 'started')?.t ?? null);
    await new Promise((r) => setTimeout(r, 1100)); // one more progress event from the seeder
    const seederUp = seeder.events.filter((e) => e.event === 'progress').at(-1)?.uploaded ?? null;
    return {
      totalSeconds: round((Math.max(...dones) - t0) / 1000),
      firstDoneSeconds: round((Math.min(...dones) - t0) / 1000),
      startupSeconds: round((Math.max(...started) - t0) / 1000),
      afterStartupSeconds: round((Math.max(...dones) - Math.max(...started)) / 1000),
      perPeerSeconds: dones.map((d) => round((d - t0) / 1000)),
      seederUploadedCopies: seederUp === null ? null : round(seederUp / SIZE),
      peakRssMB: round(Math.max(...getters.map((g) => g.peakRss())) / 1e6, 1),
      cpuSeconds: round([...getters, seeder].reduce((a, g) => a + g.cpuSeconds(), 0), 1),
      seederCpuSeconds: round(seeder.cpuSeconds(), 1),
      // Per downloader, to see where the time goes: when it reported `started`, its first piece,
      // done; CPU-s at done; copies downloaded (over 1: duplicate blocks) and uploaded at done;
      // connections opened (all, then before / after done, distinct peers, most links at once to
      // one peer) and why they closed.
      getters: getters.map((g, i) => {
        const ev = (name) => g.events.find((e) => e.event === name);
        const firstByte = g.events.find((e) => e.event === 'progress' && e.downloaded > 0);
        const done = ev('done');
        const rel = (e) => (e ? round((e.t - t0) / 1000) : null);
        return {
          startedSeconds: rel(ev('started')),
          firstProgressWithBytesSeconds: rel(firstByte),
          doneSeconds: round((dones[i] - t0) / 1000),
          cpuSecondsAtDone: round(cpuAtDone[i] ?? 0, 2),
          downloadedCopies: done ? round(done.downloaded / SIZE) : null,
          uploadedCopiesAtDone: done ? round(done.uploaded / SIZE) : null,
          connections: g.events.filter((e) => e.event === 'peer').length,
          ...linkStats(g, dones[i]),
          closeReasons: g.events.filter((e) => e.event === 'peer-closed').reduce((m, e) => ((m[e.reason ?? '?'] = (m[e.reason ?? '?'] ?? 0) + 1), m), {}),
          ...(PEER_LOG ? { peerLog: peerLog(g, t0) } : {}),
        };
      }),
      ...(PEER_LOG ? { seederPeerLog: peerLog(seeder, t0) } : {}),
      // The seeder's copies uploaded, second by second from t0 (is it at its cap the whole time?).
      seederCopiesTimeline: seeder.events.filter((e) => e.event === 'progress' && e.t >= t0).map((e) => [round((e.t - t0) / 1000, 1), round(e.uploaded / SIZE)]),
      // Every second from t0: copies the getters have downloaded and uploaded in all (their last
      // progress event at that time). Getters' upload far under N x cap while they wait = trade
      // lagging behind what the seeder sent (each getter can forward at most its cap).
      gettersTimeline: Array.from({ length: Math.ceil((Math.max(...dones) - t0) / 1000) }, (_, k) => {
        const at = t0 + (k + 1) * 1000;
        const last = (g, key) => g.events.filter((e) => e.event === 'progress' && e.t <= at).at(-1)?.[key] ?? 0;
        const sum = (key) => getters.reduce((a, g) => a + last(g, key), 0);
        return [k + 1, round(sum('downloaded') / SIZE), round(sum('uploaded') / SIZE)];
      }),
    };
  } finally {
    await stopAll([...getters, seeder, relay.proc]);
    for (const o of outs) removeDir(o);
  }
}

/** One HTTP client process: GET the file into `file`, print a `done` event, exit. */
const HTTP_CLIENT = `
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
const [port, file] = process.argv.slice(1);
const req = request({ host: '127.0.0.1', port: Number(port), path: '/file', agent: false }, (res) => {
  res.pipe(createWriteStream(file)).on('finish', () => console.log(JSON.stringify({ event: 'done', downloaded: 1 })));
});
req.on('error', (err) => { console.error(err.message); process.exit(1); });
req.end();
`;

/** N concurrent HTTP downloads from the capped server, each by its own client process. */
async function httpRound(n) {
  const server = await startCappedServer(data, RATE_BPS);
  const out = join(dir, `http-${n}`);
  mkdirSync(out);
  const t0 = performance.now();
  const clients = Array.from({ length: n }, (_, i) => start(process.execPath, ['--input-type=module', '-e', HTTP_CLIENT, String(server.port), join(out, `c${i}`)], { name: `http${i}` }));
  try {
    const dones = await Promise.all(clients.map((c) => waitDone(c, Math.max(120_000, 4000 * ideal * n))));
    return { totalSeconds: round((Math.max(...dones) - t0) / 1000), perClientSeconds: dones.map((d) => round((d - t0) / 1000)) };
  } finally {
    await stopAll(clients);
    await server.close();
    removeDir(out);
  }
}

const rounds = [];
for (const n of NS) {
  const swarm = await swarmRound(n);
  console.log(`  N=${n} swarm: ${swarm.totalSeconds} s (startup ${swarm.startupSeconds} s, after ${swarm.afterStartupSeconds} s, seeder uploaded ${swarm.seederUploadedCopies} copies, seeder CPU ${swarm.seederCpuSeconds} s, load ${round(loadavg()[0])})`);
  const span = (k) => `${Math.min(...swarm.getters.map((g) => g[k]))}–${Math.max(...swarm.getters.map((g) => g[k]))}`;
  console.log(`  N=${n} getter links: ${span('connectionsBeforeDone')} before done, ${span('connectionsAfterDone')} after, ${span('distinctPeers')} peers, at most ${span('maxLinksToOnePeer')} at once to one peer`);
  if (process.env.BENCH_VERBOSE) {
    for (const g of swarm.getters) console.log(`    ${JSON.stringify(g)}`);
    console.log(`    seeder: ${JSON.stringify(swarm.seederCopiesTimeline)}`);
    if (swarm.seederPeerLog) console.log(`    seeder peers: ${JSON.stringify(swarm.seederPeerLog)}`);
    console.log(`    getters [s, copies down, copies up]: ${JSON.stringify(swarm.gettersTimeline)}`);
  }
  const http = HTTP ? await httpRound(n) : null;
  if (http) console.log(`  N=${n} http:  ${http.totalSeconds} s`);
  rounds.push({ n, load: round(loadavg()[0]), swarm, http });
}
removeDir(dir);

const at = (n, k) => rounds.find((r) => r.n === n)?.[k]?.totalSeconds ?? null;
const ratio = (k) => (at(8, k) && at(1, k) ? round(at(8, k) / at(1, k)) : null);
const result = {
  ...machine(),
  quick: QUICK,
  bytes: SIZE,
  rate: RATE,
  rateBytesPerSecond: RATE_BPS,
  torrent: VERSION,
  idealSecondsOneCopy: round(ideal),
  swarmTimeRatioN8toN1: ratio('swarm'),
  httpTimeRatioN8toN1: ratio('http'),
  swarmRatioN8toN1AfterStartup: rounds.find((r) => r.n === 8) && rounds.find((r) => r.n === 1) ? round(rounds.find((r) => r.n === 8).swarm.afterStartupSeconds / rounds.find((r) => r.n === 1).swarm.afterStartupSeconds) : null,
  rounds,
};
writeResult(NAME, result);
console.log(`swarm N=8/N=1: ${result.swarmTimeRatioN8toN1} (target ≤ 1.5); http N=8/N=1: ${result.httpTimeRatioN8toN1} (target ≥ 6)`);

writeSvg(
  `${NAME}.svg`,
  lineChart({
    title: `Flash crowd: ${SIZE / MiB} MiB, every uploader capped at ${RATE}/s`,
    xLabel: 'downloaders (N)',
    yLabel: 'seconds until all N are done',
    logX: true,
    xTicks: NS,
    series: [
      { name: 'Seedling swarm', points: rounds.map((r) => [r.n, r.swarm.totalSeconds]) },
      ...(HTTP ? [{ name: 'HTTP server', points: rounds.map((r) => [r.n, r.http.totalSeconds]) }] : []),
      { name: 'one copy at cap', dashed: true, points: NS.map((n) => [n, round(ideal)]) },
      { name: 'N copies at cap', dashed: true, points: NS.map((n) => [n, round(ideal * n)]) },
    ],
  }),
);
