/**
 * @module bench/summary — folds the per-bench results in bench/results/*.json into
 * bench/results/summary.json (one number per key, null where a part is missing or failed in
 * this run — never a guessed figure), records where each number came from (file, date, load)
 * in summary-sources.json, draws charts for the parts whose benches do not draw their own, and
 * refreshes the generated figures table in docs/benchmarks.md.
 *
 *   node bench/summary.mjs [--failed name,name]   (bench/run.mjs calls it after the benches)
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESULTS, writeSvg } from './lib/results.mjs';
import { barChart } from './lib/svg.mjs';

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--failed');
const failed = new Set(at >= 0 ? (args[at + 1] ?? '').split(',').filter(Boolean) : []);

/** A results file, or null when missing or when its bench failed in this run. */
function load(file, bench = file) {
  const path = `${RESULTS}${file}.json`;
  if (failed.has(bench) || !existsSync(path)) return null;
  try {
    return { data: JSON.parse(readFileSync(path, 'utf8')), mtime: statSync(path).mtime.toISOString() };
  } catch {
    return null;
  }
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const parts = {
  flashCrowd: load('flash-crowd'),
  manySeeders: load('many-seeders'),
  transfer: load('transfer'),
  hashing: load('hashing'),
  relay: load('relay'),
  tunnel: load('tunnel'),
  webrtc: load('webrtc'),
  web: load('web'),
  hostile: load('hostile'),
};
const d = (k) => parts[k]?.data ?? {};

const summary = {
  flashCrowd: { swarmTimeRatioN8toN1: num(d('flashCrowd').swarmTimeRatioN8toN1), httpTimeRatioN8toN1: num(d('flashCrowd').httpTimeRatioN8toN1) },
  manySeeders: { rateRatio4to1: num(d('manySeeders').rateRatio4to1) },
  transfer: { oursOverBestReference: num(d('transfer').oursOverBestReference), peakRssMB: num(d('transfer').peakRssMB) },
  hashing: { sha1BatchOverHashWasm: num(d('hashing').sha1BatchOverHashWasm), sha256BatchOverHashWasm: num(d('hashing').sha256BatchOverHashWasm) },
  relay: { bytesPerIdlePeer: num(d('relay').bytesPerIdlePeer), tunnelOverRawLoopback: num(d('tunnel').tunnelOverRawLoopback) },
  webrtc: { oursOverRawChannel: num(d('webrtc').oursOverRawChannel) },
  hostile: { honestRateWithOverWithout: num(d('hostile').honestRateWithOverWithout), seederSide: num(d('hostile').seederSide), downloaderSide: num(d('hostile').downloaderSide) },
};
writeFileSync(`${RESULTS}summary.json`, `${JSON.stringify(summary, null, 2)}\n`);

const sources = Object.fromEntries(
  Object.entries(parts).map(([k, p]) => [k, p ? { file: `bench/results/${{ flashCrowd: 'flash-crowd', manySeeders: 'many-seeders' }[k] ?? k}.json`, date: p.data.date ?? p.mtime, loadAverage: p.data.loadAverage ?? p.data.loadavg ?? null, quick: p.data.quick ?? null } : null]),
);
writeFileSync(`${RESULTS}summary-sources.json`, `${JSON.stringify({ written: new Date().toISOString(), failedThisRun: [...failed], sources }, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));

/** Target checks: [label, value, target text, holds?]. */
const TARGETS = [
  ['flash crowd: swarm time N=8 / N=1', summary.flashCrowd.swarmTimeRatioN8toN1, '≤ 1.5', (v) => v <= 1.5],
  ['flash crowd: capped HTTP time N=8 / N=1', summary.flashCrowd.httpTimeRatioN8toN1, '≥ 6', (v) => v >= 6],
  ['many seeders: rate 4 / 1', summary.manySeeders.rateRatio4to1, '≥ 3.5', (v) => v >= 3.5],
  ['transfer: seedling / best reference pair', summary.transfer.oursOverBestReference, '≥ 1.5', (v) => v >= 1.5],
  ['transfer: peak RSS of a seedling process (MB)', summary.transfer.peakRssMB, '≤ 150', (v) => v <= 150],
  ['hashing: SHA-1 batch / hash-wasm', summary.hashing.sha1BatchOverHashWasm, '(see hashing bench)', null],
  ['hashing: SHA-256 batch / hash-wasm', summary.hashing.sha256BatchOverHashWasm, '(see hashing bench)', null],
  ['relay: bytes per idle WebSocket peer', summary.relay.bytesPerIdlePeer, '(see relay bench)', null],
  ['relay: tunnel / raw loopback', summary.relay.tunnelOverRawLoopback, '(see tunnel bench)', null],
  ['webrtc: ours / raw data channel', summary.webrtc.oursOverRawChannel, '(see webrtc bench)', null],
];

function charts() {
  const h = d('hashing').mbps;
  if (h) {
    const names = ['node:crypto', 'hash-wasm', 'ours batch', 'ours pool(2)'];
    const cats = ['sha1@256KiB', 'sha256@256KiB'].filter((c) => h[c]);
    writeSvg('hashing.svg', barChart({ title: 'Hashing, 256 KiB pieces (CPU-time basis)', xLabel: 'algorithm', yLabel: 'MB per CPU-second', categories: cats, series: names.map((n) => ({ name: n, values: cats.map((c) => h[c][n]?.cpu ?? null) })) }));
  }
  const t = d('tunnel');
  if (t.tunnelMBps) writeSvg('tunnel.svg', barChart({ title: 'Relayed tunnel vs raw loopback TCP', xLabel: 'path', yLabel: 'MB/s (best round)', categories: ['tunnel (E2E)', 'relay w/o E2E', 'raw loopback'], series: [{ name: 'MB/s', values: [t.tunnelMBps, t.relayWithoutE2eMBps ?? null, t.rawLoopbackMBps] }] }));
  const w = d('webrtc');
  if (w.libraries) {
    const libs = Object.keys(w.libraries);
    writeSvg('webrtc.svg', barChart({ title: 'WebRTC data channel throughput', xLabel: 'library', yLabel: 'MB/s', categories: libs, series: [{ name: 'raw channel', values: libs.map((l) => w.libraries[l].rawChannelMBps) }, { name: 'our Connection', values: libs.map((l) => w.libraries[l].oursMBps) }] }));
  }
  const r = d('relay');
  if (r.seedling) {
    const ref = r.reference;
    writeSvg('relay.svg', barChart({ title: 'WebSocket tracker: memory per idle peer', xLabel: 'tracker', yLabel: 'bytes of RSS per peer', categories: ['seedling-relay', ref?.name ?? 'reference'], series: [{ name: 'RSS', values: [r.seedling.bytesPerIdlePeer, ref?.bytesPerIdlePeer ?? null] }, { name: 'heap', values: [r.seedling.heapBytesPerIdlePeer, ref?.heapBytesPerIdlePeer ?? null] }] }));
  }
}
charts();

/** Replace the generated block of docs/benchmarks.md. */
function updateDoc() {
  if (!existsSync(DOC)) return;
  const text = readFileSync(DOC, 'utf8');
  const start = '<!-- figures:start -->';
  const end = '<!-- figures:end -->';
  if (!text.includes(start) || !text.includes(end)) return;
  const rows = TARGETS.map(([label, v, target, ok]) => `| ${label} | ${v ?? 'n/a'} | ${target} | ${v === null ? '—' : ok ? (ok(v) ? 'yes' : '**no**') : ''} |`);
  const when = Object.entries(sources)
    .filter(([, s]) => s)
    .map(([k, s]) => `${k} ${s.date.slice(0, 16).replace('T', ' ')} UTC${Array.isArray(s.loadAverage) ? ` (load ${s.loadAverage[0]})` : ''}${s.quick ? ' QUICK' : ''}`);
  const block = [start, '', '| figure | latest | target | holds |', '|---|---|---|---|', ...rows, '', `Measured: ${when.join('; ')}.`, '', end].join('\n');
  writeFileSync(DOC, text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length));
  console.log('updated docs/benchmarks.md figures');
}
updateDoc();
