/**
 * @module bench/run — the root `pnpm bench` entry. Runs each benchmark in its own Node process,
 * one after another (so they do not compete for the CPU): the files in BENCHES, then any other
 * bench/*.bench.mjs; then bench/summary.mjs folds their results into bench/results/summary.json
 * (null for a part whose bench failed in this run) and refreshes docs/benchmarks.md.
 * `pnpm bench flash-crowd` runs only the benchmarks whose name contains "flash-crowd" (several
 * filters allowed). BENCH_QUICK=1 runs development sizes (and smaller settings for the part
 * benches that take their own options). Each bench has a time limit (BENCH_LIMIT_MIN, default 20).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
/** Order: the short part benches first, the long system benches last. */
const BENCHES = ['hashing.mjs', 'tunnel.mjs', 'webrtc.mjs', 'relay.mjs', 'web.mjs', 'transfer.mjs', 'many-seeders.mjs', 'flash-crowd.mjs', 'hostile.mjs'];
/** Quick-mode settings for the part benches (only where not set by the caller). */
const QUICK_ENV = { SEEDLING_BENCH_PEERS: '2000', BENCH_WEB_SIZES: '64', BENCH_ROUNDS: '2' };
const QUICK_ARGS = { 'webrtc.mjs': ['--mib', '16', '--rounds', '1'] };
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MIN ?? 20) * 60_000;

const all = [...BENCHES, ...readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && !BENCHES.includes(f)).sort()];
const filters = process.argv.slice(2);
const selected = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;
if (selected.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}; known: ${all.join(', ')}`);
  process.exit(2);
}

const env = { ...process.env, ...(QUICK ? Object.fromEntries(Object.entries(QUICK_ENV).filter(([k]) => !(k in process.env))) : {}) };
const failed = [];
const times = [];
const t0 = Date.now();
console.log(`bench: ${selected.join(', ')}${QUICK ? ' (BENCH_QUICK)' : ''}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const file of selected) {
  console.log(`\n=== bench/${file} ===`);
  const start = Date.now();
  const r = spawnSync(process.execPath, [`${dir}${file}`, ...(QUICK ? (QUICK_ARGS[file] ?? []) : [])], { stdio: 'inherit', env, timeout: LIMIT_MS, killSignal: 'SIGTERM' });
  times.push([file, Math.round((Date.now() - start) / 1000)]);
  if (r.status !== 0) {
    failed.push(file.replace(/(\.bench)?\.mjs$/, ''));
    console.error(`bench/${file} failed (exit ${r.status ?? r.signal})`);
  }
}
console.log('\n=== summary ===');
spawnSync(process.execPath, [`${dir}summary.mjs`, '--failed', failed.join(',')], { stdio: 'inherit' });
console.log(`\n${times.map(([f, s]) => `${f} ${s} s`).join(', ')}; total ${Math.round((Date.now() - t0) / 1000)} s`);
process.exit(failed.length ? 1 : 0);
