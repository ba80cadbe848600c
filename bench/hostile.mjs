/**
 * @module bench/hostile — do honest peers keep their speed while hostile peers attack (issue 7)?
 * One Seedling seeder and one honest Seedling downloader move a 256 MiB v1 torrent (64 MiB with
 * BENCH_QUICK=1) over loopback, in three cases, interleaved over BENCH_HOSTILE_ROUNDS rounds:
 *
 *   alone       — seeder and downloader only;
 *   seederSide  — four attackers connected to the same seeder during the transfer: a request
 *                 flooder, a peer sending unrequested blocks and malformed frames, 40 slowloris
 *                 connections, a peer with lying bitfields/haves (bench/lib/hostile-peers.mjs);
 *   downloaderSide — the downloader is also given four hostile "seeders" that claim every piece:
 *                 one serves corrupt blocks, one never answers, one dribbles garbage at 2 KiB/s,
 *                 one streams unrequested junk — alongside the honest seeder.
 *
 * The attackers run in their own process (bench/lib/hostile-run.mjs). The honest rate counts
 * from the downloader's first byte on disk until the payload is complete (process start is not
 * part of it); ratios are with / without, medians over the rounds, measured in the same run.
 * Also recorded: the seeder's and the downloader's peak RSS and CPU seconds, the attackers' CPU
 * seconds, bans and what the attackers saw (reconnects, bytes received). A case that does not
 * complete within BENCH_HOSTILE_CAP_S (default 120 s) counts the bytes it got.
 * Writes bench/results/hostile.json (honestRateWithOverWithout = the worse of the two ratios).
 * BENCH_HOSTILE_ONLY=flood,corrupt,… keeps only those attackers and BENCH_HOSTILE_CASES=alone,…
 * only those cases (to find which attacker does the damage); with BENCH_HOSTILE_TAG=x the result
 * goes to hostile-x.json.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MiB, QUICK, mbps, round, tempDir, watchWritten, writeRandomFile } from './lib/files.mjs';
import { start, stopAll } from './lib/procs.mjs';
import { deadline, machine, writeResult } from './lib/results.mjs';
import { createTorrent, get, requireBuilt, seed } from './lib/seedling.mjs';

const SIZE = Number(process.env.BENCH_HOSTILE_MIB ?? (QUICK ? 64 : 256)) * MiB;
const ROUNDS = Number(process.env.BENCH_HOSTILE_ROUNDS ?? (QUICK ? 1 : 2));
const CAP_S = Number(process.env.BENCH_HOSTILE_CAP_S ?? 120);
const PIECE = 256 * 1024;
/** A variant (e.g. with BENCH_HOSTILE_ONLY) writes hostile-<tag>.json instead of hostile.json. */
const TAG = process.env.BENCH_HOSTILE_TAG ?? '';
const RUNNER = fileURLToPath(new URL('./lib/hostile-run.mjs', import.meta.url));
const CASES = ['alone', 'seederSide', 'downloaderSide'].filter((c) => !process.env.BENCH_HOSTILE_CASES || process.env.BENCH_HOSTILE_CASES.split(',').includes(c));

requireBuilt();
deadline((QUICK ? 10 : 20) * 60_000, 'hostile');

const dir = tempDir('hostile');
const data = join(dir, 'data.bin');
writeRandomFile(data, SIZE, 7);
const torrent = join(dir, 'hostile.torrent');
const infoHash = createTorrent(data, torrent, { version: 'v1', pieceLength: PIECE });
const pieceCount = Math.ceil(SIZE / PIECE);
console.log(`hostile: ${SIZE / MiB} MiB v1 torrent, ${pieceCount} pieces; cases ${CASES.join(', ')}; ${ROUNDS} round(s)`);

/** How often each string occurs (the reasons peers were closed), digits folded so similar reasons group. */
function tally(xs) {
  const out = {};
  for (const x of xs) {
    const k = String(x).replace(/\d+/g, 'N').slice(0, 100);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const count = (proc, event) => proc.events.filter((e) => e.event === event).length;

/** One transfer in case `kind`; resolves its figures. */
async function runCase(kind, roundNo) {
  const out = join(dir, `out-${kind}-${roundNo}`);
  mkdirSync(out, { recursive: true });
  let seeder = null;
  let hostile = null;
  let getter = null;
  try {
    seeder = await seed(data, torrent, { name: 'seeder' });
    const port = seeder.events.find((e) => e.event === 'ready').port;
    let hostilePeers = [];
    const names = { [port]: 'seeder' };
    if (kind !== 'alone') {
      const side = kind === 'seederSide' ? 'seeder' : 'downloader';
      hostile = start(process.execPath, [RUNNER, side, side === 'seeder' ? String(port) : '-', infoHash, String(pieceCount), String(PIECE)], { name: `hostile-${side}` });
      const ready = await hostile.waitFor((e) => e.event === 'ready', 30_000, 'hostile peers ready');
      hostilePeers = ready.ports.map((p) => `127.0.0.1:${p}`);
      Object.assign(names, ready.names ?? {});
      // Seeder-side attackers are already connected (and flooding) when the honest peer arrives.
      if (side === 'seeder') await new Promise((r) => setTimeout(r, 1500));
    }
    const watch = watchWritten(join(out, 'data.bin'), 100);
    const t0 = performance.now();
    // Hostile "seeders" first: the downloader meets them before (or while) it finds the honest one.
    getter = get(torrent, out, { name: 'getter', peers: [...hostilePeers, `127.0.0.1:${port}`] });
    let timer;
    const cap = new Promise((r) => (timer = setTimeout(() => r('cap'), CAP_S * 1000)));
    const outcome = await Promise.race([getter.waitFor((e) => e.event === 'done', CAP_S * 1000 + 5000, 'done').then(() => 'done'), cap]);
    clearTimeout(timer);
    let end = performance.now();
    const { samples, firstByteAt } = watch.stop();
    const complete = outcome === 'done';
    const fullAt = samples.find(([, b]) => b >= SIZE)?.[0];
    if (complete && fullAt !== undefined && fullAt < end) end = fullAt;
    const bytes = complete ? SIZE : Math.min(SIZE, samples.at(-1)[1]);
    const seederRss = seeder.peakRss();
    const getterRss = getter.peakRss();
    const seederCpu = seeder.cpuSeconds();
    const getterCpu = getter.cpuSeconds();
    await getter.stop();
    let attackers = null;
    if (hostile) {
      hostile.kill('SIGTERM');
      attackers = await hostile.waitFor((e) => e.event === 'stats', 10_000, 'hostile stats').catch(() => null);
    }
    const r = {
      case: kind,
      round: roundNo,
      complete,
      bytes,
      seconds: round((end - t0) / 1000),
      firstByteSeconds: firstByteAt === null ? null : round((firstByteAt - t0) / 1000),
      averageMBps: mbps(bytes, end - t0),
      steadyMBps: firstByteAt === null ? 0 : mbps(bytes, end - firstByteAt),
      seederPeakRssMB: round(seederRss / 1e6, 1),
      getterPeakRssMB: round(getterRss / 1e6, 1),
      seederCpuSeconds: seederCpu,
      getterCpuSeconds: getterCpu,
      attackerCpuSeconds: attackers?.cpuSeconds ?? null,
      bansBySeeder: count(seeder, 'peer-banned'),
      bansByGetter: count(getter, 'peer-banned'),
      getterPeersSeen: count(getter, 'peer'),
      seederPeersSeen: count(seeder, 'peer'),
      attackers: attackers?.attackers ?? null,
      // Who the downloader banned (by role), and what it counted as downloaded (payload accepted, wasted included).
      bans: tally(getter.events.filter((e) => e.event === 'peer-banned').map((e) => `${names[e.address.split(':').pop()] ?? e.address}: ${e.reason}`)),
      getterDownloadedMiB: round((getter.events.findLast((e) => e.event === 'progress' || e.event === 'done')?.downloaded ?? 0) / MiB, 1),
      getterClosed: tally(getter.events.filter((e) => e.event === 'peer-closed').map((e) => `${names[e.address.split(':').pop()] ?? 'other'}: ${e.reason ?? '?'}`)),
      seederClosed: tally(seeder.events.filter((e) => e.event === 'peer-closed').map((e) => e.reason ?? '?')),
      ...(complete ? {} : { getterLastLines: getter.lines.slice(-6) }),
    };
    const who = attackers ? attackers.attackers.map((a) => `${a.name}: ${a.connects} conn, ${round(a.bytesIn / MiB, 1)} MiB in`).join('; ') : '';
    console.log(
      `  [${roundNo}] ${kind}: ${r.steadyMBps} MB/s after first byte at ${r.firstByteSeconds} s${complete ? '' : ` (INCOMPLETE at ${CAP_S} s: ${round(bytes / MiB, 0)} MiB)`}; ` +
        `seeder peak RSS ${r.seederPeakRssMB} MB, CPU s seeder ${seederCpu} / getter ${getterCpu}${attackers ? ` / attackers ${attackers.cpuSeconds}` : ''}; bans seeder ${r.bansBySeeder} getter ${r.bansByGetter}${who ? `\n      ${who}` : ''}`,
    );
    return r;
  } catch (err) {
    console.log(`  [${roundNo}] ${kind}: failed: ${err.message}`);
    return { case: kind, round: roundNo, failed: err.message.slice(0, 300) };
  } finally {
    await stopAll([getter, hostile, seeder]);
    rmSync(out, { recursive: true, force: true });
  }
}

const runs = [];
for (let i = 1; i <= ROUNDS; i++) for (const kind of CASES) runs.push(await runCase(kind, i));

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const ok = (kind) => runs.filter((r) => r.case === kind && !r.failed);
const rate = (kind) => median(ok(kind).map((r) => r.steadyMBps));
const peak = (kind) => Math.max(0, ...ok(kind).map((r) => r.seederPeakRssMB ?? 0)) || null;
const alone = rate('alone');
const ratio = (kind) => (alone && rate(kind) !== null ? round(rate(kind) / alone, 3) : null);
/** Same-round pairs (with / alone of that round): less exposed to load drifting between rounds. */
const paired = (kind) => median(ok(kind).map((r) => {
  const a = ok('alone').find((x) => x.round === r.round)?.steadyMBps;
  return a ? r.steadyMBps / a : null;
}));
const seederSide = ratio('seederSide');
const downloaderSide = ratio('downloaderSide');
const both = [seederSide, downloaderSide].filter((x) => x !== null);
const result = {
  ...machine(),
  quick: QUICK,
  attackersOnly: process.env.BENCH_HOSTILE_ONLY ?? null,
  bytes: SIZE,
  pieceLength: PIECE,
  rounds: ROUNDS,
  basis: 'steady MB/s of the honest downloader (first byte on disk → payload complete), median over rounds; ratio = with attackers / alone, same run',
  honestRateWithOverWithout: both.length === 2 ? Math.min(...both) : null,
  seederSide,
  downloaderSide,
  seederSidePaired: round(paired('seederSide'), 3),
  downloaderSidePaired: round(paired('downloaderSide'), 3),
  honestMBps: { alone, seederSide: rate('seederSide'), downloaderSide: rate('downloaderSide') },
  seederPeakRssMB: { alone: peak('alone'), seederSide: peak('seederSide'), downloaderSide: peak('downloaderSide') },
  runs,
};
console.log(
  `\nhonest rate with / without attackers: seeder side ${seederSide} (paired ${result.seederSidePaired}), downloader side ${downloaderSide} (paired ${result.downloaderSidePaired})` +
    `\nseeder peak RSS MB: alone ${result.seederPeakRssMB.alone}, seeder-side attack ${result.seederPeakRssMB.seederSide}, downloader-side attack ${result.seederPeakRssMB.downloaderSide}`,
);
writeResult(TAG ? `hostile-${TAG}` : 'hostile', result);
process.exit(runs.some((r) => r.failed) ? 1 : 0);
