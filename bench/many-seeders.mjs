/**
 * @module bench/many-seeders — N = 1, 2, 4 Seedling seeders of the same data, each with its
 * upload capped at `--up-rate` (BENCH_RATE, default 20MB), and one uncapped Seedling downloader,
 * all through seedling-relay's HTTP tracker on 127.0.0.1. A 256 MiB file (64 MiB with
 * BENCH_QUICK=1). The download rate counts from the downloader's first byte (so process start
 * and tracker round trips do not dilute the short 4-seeder run); the rate from start is kept
 * too. It should grow nearly N-fold. Writes bench/results/many-seeders.json (rateRatio4to1)
 * and many-seeders.svg.
 */
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
    const t0 = performance.now();
    getter = get(torrent, out, { relay: relay.url });
    const end = await waitDone(getter, Math.max(120_000, (8000 * SIZE) / RATE_BPS));
    const { firstByteAt } = watch.stop();
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
    };
  } finally {
    await stopAll([getter, ...seeders, relay.proc]);
    removeDir(out);
  }
}

const rounds = [];
for (const n of NS) {
  const r = await round1(n);
  console.log(`  ${n} seeder(s): ${r.MBps} MB/s after first byte (${r.MBpsFromStart} from start; ideal ${r.capMBps}), ${r.peersConnected} peers`);
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
