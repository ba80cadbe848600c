/**
 * @module fuzz/fuzz-loop — runs one target for N inputs: the seeds first, then havoc mutants of
 * a corpus that grows with accepted mutants (a crude feedback: inputs that get past the parser
 * reach deeper code). Each input has a time bound; RSS is sampled to catch unbounded growth.
 */
import { MAX_INPUT_BYTES, mutate, Rng } from './engine.js';
import { FuzzFinding, type FuzzTarget } from './target.js';

/** Options of {@link fuzzTarget}. */
export interface FuzzOptions {
  /** Inputs to run. */
  runs: number;
  /** PRNG seed (replay a run with the same seed). */
  seed?: number;
  /**
   * Per-input time bound in ms (default 1000): slower inputs are findings (hangs). An input over
   * the bound in wall time is replayed and measured in CPU time, so a fuzzer descheduled on a
   * busy machine (`nice`) reports no false hangs.
   */
  maxInputMs?: number;
  /** Called every `progressEvery` inputs. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

/** The outcome of one target's run. */
export interface FuzzReport {
  target: string;
  runs: number;
  accepted: number;
  ms: number;
  perSecond: number;
  /** Most time one input took, in ms (CPU time for inputs replayed over the bound). */
  slowestInputMs: number;
  peakRssMb: number;
  /** Typed error class:code (or result kind) → count. */
  codes: Map<string, number>;
  /** The first finding, with the input that caused it. */
  finding?: { run: number; error: FuzzFinding; input: Uint8Array };
}

const MAX_CORPUS = 2000;

/** Fuzz one target; stops at the first finding. */
export function fuzzTarget(target: FuzzTarget, opts: FuzzOptions): FuzzReport {
  const rng = new Rng(opts.seed ?? 0x5eed);
  const seeds = target.seeds();
  const corpus = seeds.slice();
  const codes = new Map<string, number>();
  const maxMs = opts.maxInputMs ?? 1000;
  let accepted = 0;
  let slowest = 0;
  let peakRss = process.memoryUsage.rss();
  const t0 = performance.now();
  let i = 0;
  for (; i < opts.runs; i++) {
    const input = i < seeds.length ? seeds[i]! : mutate(rng, corpus);
    const s = performance.now();
    try {
      if (target.run(input, codes)) {
        accepted++;
        if (i >= seeds.length && input.length <= MAX_INPUT_BYTES && rng.below(8) === 0) {
          if (corpus.length < MAX_CORPUS) corpus.push(input.slice());
          else corpus[seeds.length + rng.below(MAX_CORPUS - seeds.length)] = input.slice();
        }
      }
    } catch (err) {
      const error = err instanceof FuzzFinding ? err : new FuzzFinding(`runner error: ${String(err)}`, { cause: err });
      return report(target, i + 1, accepted, t0, slowest, peakRss, codes, { run: i, error, input });
    }
    let took = performance.now() - s;
    if (took > maxMs) took = cpuTimeOf(target, input);
    if (took > slowest) slowest = took;
    if (took > maxMs) {
      return report(target, i + 1, accepted, t0, slowest, peakRss, codes, { run: i, error: new FuzzFinding(`input took ${took.toFixed(0)} ms of CPU (bound ${maxMs} ms)`), input });
    }
    if ((i & 0x3fff) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (opts.onProgress && opts.progressEvery && i > 0 && i % opts.progressEvery === 0) opts.onProgress(i);
  }
  return report(target, i, accepted, t0, slowest, Math.max(peakRss, process.memoryUsage.rss()), codes);
}

/** CPU time (ms) of one more run of `input` (targets are deterministic). */
function cpuTimeOf(target: FuzzTarget, input: Uint8Array): number {
  const s = process.cpuUsage();
  try {
    target.run(input, new Map());
  } catch {
    // the first run already passed; only the time matters here
  }
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
}

function report(target: FuzzTarget, runs: number, accepted: number, t0: number, slowest: number, rss: number, codes: Map<string, number>, finding?: FuzzReport['finding']): FuzzReport {
  const ms = performance.now() - t0;
  return { target: target.name, runs, accepted, ms, perSecond: runs / (ms / 1000), slowestInputMs: slowest, peakRssMb: rss / 1048576, codes, ...(finding ? { finding } : {}) };
}
