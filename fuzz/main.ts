/**
 * @module fuzz/main — the `pnpm fuzz` entry: runs every target (or those matching FUZZ_TARGET,
 * comma-separated substrings) for FUZZ_RUNS inputs each (default 1,000,000) and prints inputs/s,
 * time, slowest input, peak RSS and the typed error codes seen. Exits 1 on the first finding,
 * writing the input to fuzz/findings/. FUZZ_SEED replays a run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fuzzTarget } from './fuzz-loop.js';
import { TARGETS } from './targets/index.js';

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const seed = Number(process.env.FUZZ_SEED ?? 0x5eed);
const filter = (process.env.FUZZ_TARGET ?? '').split(',').filter(Boolean);
const selected = TARGETS.filter((t) => filter.length === 0 || filter.some((f) => t.name.includes(f)));
if (selected.length === 0) {
  console.error(`no target matches FUZZ_TARGET=${process.env.FUZZ_TARGET}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

let failed = false;
const total0 = performance.now();
for (const target of selected) {
  process.stdout.write(`fuzz ${target.name}: ${runs} inputs (seed ${seed})\n`);
  const r = fuzzTarget(target, {
    runs,
    seed,
    progressEvery: 250_000,
    onProgress: (n) => process.stdout.write(`  … ${n} inputs\n`),
  });
  const codes = [...r.codes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ');
  process.stdout.write(
    `  ${r.target}: ${r.runs} inputs in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.perSecond)}/s), accepted ${r.accepted}, slowest ${r.slowestInputMs.toFixed(1)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MB\n  codes: ${codes}\n`,
  );
  if (r.finding) {
    failed = true;
    const dir = new URL('./findings/', `file://${process.cwd()}/fuzz/`);
    mkdirSync(dir, { recursive: true });
    const file = new URL(`${r.target}-${r.finding.run}.bin`, dir);
    writeFileSync(file, r.finding.input);
    process.stdout.write(`  FINDING at input ${r.finding.run}: ${r.finding.error.message}\n  cause: ${String((r.finding.error.cause as Error | undefined)?.stack ?? '')}\n  input saved to ${file.pathname}\n`);
  }
}
process.stdout.write(`fuzz: ${selected.length} target(s) in ${((performance.now() - total0) / 1000).toFixed(1)} s${failed ? ' — FINDINGS' : ', no findings'}\n`);
process.exit(failed ? 1 : 0);
