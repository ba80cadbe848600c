/**
 * @module bench/run — the root `pnpm bench` entry. Runs each benchmark in its own Node process,
 * one after another (so they do not compete for the CPU): the files in BENCHES, then any other
 * bench/*.bench.mjs. `pnpm bench hashing` runs only the benchmarks whose name contains "hashing".
 * Add a benchmark by appending to BENCHES or naming it *.bench.mjs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const BENCHES = ['hashing.mjs', 'relay.mjs'];
const all = [...BENCHES, ...readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && !BENCHES.includes(f)).sort()];
const filters = process.argv.slice(2);
const selected = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;

let failed = 0;
for (const file of selected) {
  console.log(`\n=== bench/${file} ===`);
  const r = spawnSync(process.execPath, [`${dir}${file}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
