/**
 * @module bench/lib/results — where the system benchmarks put their output: one JSON file per
 * bench (with date, Node version, cores and load average) and SVG charts in bench/results/, plus
 * a global deadline so a bench always stops by itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { killAll } from './procs.mjs';

export const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/** The machine's state, recorded next to every figure. */
export function machine() {
  return { date: new Date().toISOString(), node: process.version, cores: cpus().length, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) };
}

/** Write bench/results/<name>.json. */
export function writeResult(name, data) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.json`, `${JSON.stringify({ bench: name, ...data }, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
}

/** Write bench/results/<file> (an SVG chart). */
export function writeSvg(file, svg) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${file}`, svg);
  console.log(`wrote bench/results/${file}`);
}

/** Kill every child and exit 1 if the bench is still running after `ms`. */
export function deadline(ms, name) {
  const t = setTimeout(() => {
    console.error(`bench/${name}: global timeout (${Math.round(ms / 1000)} s), stopping`);
    killAll();
    process.exit(1);
  }, ms);
  t.unref();
}
