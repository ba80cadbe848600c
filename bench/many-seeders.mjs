/**
 * @module bench/many-seeders — N = 1, 2, 4 Seedling seeders of the same data, each with its
 * upload capped at `--up-rate` (BENCH_RATE, default 20MB), and one uncapped Seedling downloader,
 * all through seedling-relay's HTTP tracker on 127.0.0.1. A 256 MiB file (64 MiB with
 * BENCH_QUICK=1). The download rate counts from the downloader's first byte (so process start
 * and tracker round trips do not dilute the short 4-seeder run); the rate from start is kept
 * too. It should grow nearly N-fold. Writes bench/results/many-seeders.json (rateRatio4to1)
 * and many-seeders.svg.
 *
 * BENCH_SEEDERS_TRACE=1 adds, per round, where the rate goes (Linux, `ss` from iproute2): each
 * seeder's bytes acknowledged by the downloader's kernel, sampled every 100 ms, give its first
 * and last byte, its share of the cap while it sent, and the intervals it sent nothing; `tailSeconds`
 * is from the last byte any seeder sent to the downloader's `done` (hash, write and flush of the
 * last pieces). Off by default: sampling costs CPU on the 2-core machine during the measured run.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MiB, QUICK, mbps, removeDir, round, tempDir, watchWritten, writeRandomFile } from './lib/files.mjs';
import { stopAll } from './lib/procs.mjs';
import { deadline, machine, writeResult, writeSvg } from './lib/results.mjs';
import { createTorrent, get, requireBuilt, seed, startRelay, waitDone, waitSeeders } from './lib/seedling.mjs';
import { lineChart } from './lib/svg.mjs';

const { parseRate } = await import(fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url)));
const SIZE = Number(process.env.BENCH_SEEDERS_MIB ?? (QUICK ? 64 : 256)) * MiB;
const RATE = process.env.BENCH_RATE ?? '20MB';
const RATE_BPS = parseRate(RATE);
const NS = (process.env.BENCH_SEEDERS_NS ?? '1,2,4').split(',').map(Number);

const TRACE = process.env.BENCH_SEEDERS_TRACE === '1';

/** Bytes acknowledged on established TCP connections whose local port is one of `ports` (ss -tin). */
function ackedByPort(ports) {
  const out = execFileSync('ss', ['-tinH', 'state', 'established'], { encoding: 'utf8' }).split('\n');
  const acked = new Map();
  for (let i = 0; i < out.length; i++) {
    const m = /\s\S+:(\d+)\s+\S+:\d+/.exec(out[i]);
    if (!m || !ports.includes(Number(m[1]))) continue;
    const a = /bytes_acked:(\d+)/.exec(out[i + 1] ?? '');
    if (a) acked.set(Number(m[1]), (acked.get(Number(m[1])) ?? 0) + Number(a[1]));
  }
  return acked;
}

/** Samples every seeder's acknowledged bytes every 100 ms; stop(t0, end) summarises them. */
function traceSeeders(ports) {
  const samples = [];
  const timer = setInterval(() => samples.push([performance.now(), ackedByPort(ports)]), 100);
  return {
    stop(t0, end) {
      clearInterval(timer);
      const perSeeder = ports.map((port) => {
        const series = samples.map(([t, m]) => [t, m.get(port) ?? 0]);
        const total = series.at(-1)?.[1] ?? 0;
        const first = series.find(([, b]) => b > 0);
        const last = series.find(([, b]) => b >= total);
        let idle = 0;
        for (let i = 1; i < series.length; i++) if (first && series[i][0] > first[0] && series[i][1] < total && series[i][1] === series[i - 1][1]) idle++;
        const active = first && last ? (last[0] - first[0]) / 1000 : null;
        return {
          MB: round(total / 1e6, 1),
          firstByteSeconds: first ? round((first[0] - t0) / 1000) : null,
          lastByteSeconds: last ? round((last[0] - t0) / 1000) : null,
          percentOfCapWhileSending: active ? round((100 * total) / (active * RATE_BPS), 1) : null,
          idleSamples100ms: idle,
        };
      });
      const lastByte = Math.max(...perSeeder.map((p) => p.lastByteSeconds ?? 0));
      const firstSent = Math.min(...perSeeder.map((p) => p.firstByteSeconds ?? Infinity));
      return { perSeeder, tailSeconds: round((end - t0) / 1000 - lastByte), firstByteSentSeconds: Number.isFinite(firstSent) ? firstSent : null };
    },
  };
}

requireBuilt();
deadline((QUICK ? 6 : 10) * 60_000, 'many-seeders');

const dir = tempDir('seeders');
const data = join(dir, 'data.bin');
writeRandomFile(data, SIZE, 2);
const torrent = join(dir, 'seeders.torrent');
const infoHash = createTorrent(data, torrent, { version: 'v1' });
console.log(`many seeders: ${SIZE / MiB} MiB, each seeder capped at ${RATE}/s, N = ${NS.join(', ')}`);

async function round1(n) {
  const relay = await startRelay();
  const seeders = [];
  const out = join(dir, `out-${n}`);
  let getter = null;
  try {
    for (let i = 0; i < n; i++) seeders.push(await seed(data, torrent, { relay: relay.url, upRate: RATE, name: `seeder${i}` }));
    await waitSeeders(relay.announce, infoHash, n, 60_000);
    const watch = watchWritten(join(out, 'data.bin'), 50);
    const trace = TRACE ? traceSeeders(seeders.map((p) => p.events.find((e) => e.event === 'ready').port)) : null;
    const t0 = performance.now();
    getter = get(torrent, out, { relay: relay.url });
    const end = await waitDone(getter, Math.max(120_000, (8000 * SIZE) / RATE_BPS));
    const { firstByteAt } = watch.stop();
    const seeding = trace?.stop(t0, end);
    getter.cpuSeconds();
    const peers = getter.events.filter((e) => e.event === 'peer').length;
    return {
      n,
      peersConnected: peers,
      seconds: round((end - t0) / 1000),
      firstByteSeconds: firstByteAt === null ? null : round((firstByteAt - t0) / 1000),
      MBps: firstByteAt === null ? null : mbps(SIZE, end - firstByteAt),
      MBpsFromStart: mbps(SIZE, end - t0),
      capMBps: round((n * RATE_BPS) / 1e6, 1),
      getterCpuSeconds: getter.cpuSeconds(),
      load: round(loadavg()[0]),
      // From the first byte any seeder sent (not the first byte written, which waits for the first
      // piece's hash and write while more blocks arrive): no bytes counted outside the time.
      ...(seeding ? { seeders: seeding.perSeeder, tailSeconds: seeding.tailSeconds, MBpsFromFirstByteSent: seeding.firstByteSentSeconds === null ? null : mbps(SIZE, end - t0 - seeding.firstByteSentSeconds * 1000) } : {}),
    };
  } finally {
    await stopAll([getter, ...seeders, relay.proc]);
    removeDir(out);
  }
}

const rounds = [];
for (const n of NS) {
  const r = await round1(n);
  console.log(`  ${n} seeder(s): ${r.MBps} MB/s after first byte (${r.MBpsFromStart} from start; ideal ${r.capMBps}), ${r.peersConnected} peers, load ${r.load}`);
  if (r.seeders) console.log(`    ${r.MBpsFromFirstByteSent} MB/s from the first byte sent; per seeder % of cap while sending: ${r.seeders.map((p) => p.percentOfCapWhileSending).join(', ')}; idle 100 ms samples: ${r.seeders.map((p) => p.idleSamples100ms).join(', ')}; tail ${r.tailSeconds} s`);
  rounds.push(r);
}
removeDir(dir);

const rate = (n) => rounds.find((r) => r.n === n)?.MBps ?? null;
const result = {
  ...machine(),
  quick: QUICK,
  bytes: SIZE,
  rate: RATE,
  rateBytesPerSecond: RATE_BPS,
  rateRatio4to1: rate(4) && rate(1) ? round(rate(4) / rate(1)) : null,
  rateRatio4to1FromStart: rate(4) && rate(1) ? round(rounds.find((r) => r.n === 4).MBpsFromStart / rounds.find((r) => r.n === 1).MBpsFromStart) : null,
  rounds,
};
writeResult('many-seeders', result);
console.log(`rate 4 seeders / 1 seeder: ${result.rateRatio4to1} (target ≥ 3.5)`);
writeSvg(
  'many-seeders.svg',
  lineChart({
    title: `Many seeders: ${SIZE / MiB} MiB, each seeder capped at ${RATE}/s`,
    xLabel: 'seeders (N)',
    yLabel: 'download MB/s',
    xTicks: NS,
    series: [
      { name: 'after first byte', points: rounds.map((r) => [r.n, r.MBps]) },
      { name: 'from start', points: rounds.map((r) => [r.n, r.MBpsFromStart]) },
      { name: 'N × cap', dashed: true, points: rounds.map((r) => [r.n, r.capMBps]) },
    ],
  }),
);
