/**
 * @module lib/get-watchdog — keeps `seedling get` from waiting silently forever: a no-progress
 * timeout (`--timeout`: give up after that long without a byte of piece data or metadata),
 * an overall limit (`--max-time`), and a periodic "no peers yet" hint in human mode.
 * Without the flags `get` keeps waiting (a server may well wait for a seeder to come online).
 */
import type { Swarm } from '@seedling/core';
import { timedOut, type CliError } from './errors.js';

/** Options of {@link watchDownload}. */
export interface WatchdogOptions {
  /** Give up after this long without progress (ms). */
  timeoutMs?: number;
  /** Give up after this long in total (ms). */
  maxTimeMs?: number;
  /** Called every `hintEveryMs` while no peer is connected (human mode: the stderr hint). */
  onNoPeers?: (waitedMs: number) => void;
  /** Period of the `onNoPeers` hint (default 10 s). */
  hintEveryMs?: number;
  /** How often the swarm's figures are sampled (default 250 ms). */
  pollMs?: number;
}

/** A running watchdog. */
export interface Watchdog {
  /** Resolves with the error to report when a limit is hit; never resolves otherwise. */
  readonly expired: Promise<CliError>;
  stop(): void;
}

/** Human-readable duration for messages (`2s`, `1.5s`, `3m`, `1h`). */
export function describeMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** Watch `swarm` until {@link Watchdog.stop}. Progress is any new payload or metadata. */
export function watchDownload(swarm: Swarm, opts: WatchdogOptions): Watchdog {
  const t0 = Date.now();
  let lastProgress = t0;
  let lastBytes = -1;
  let hadMetadata = false;
  let everPeers = false;
  let noPeersSince = t0;
  let hintsGiven = 0;
  const hintEvery = opts.hintEveryMs ?? 10_000;
  let timer: ReturnType<typeof setInterval> | null = null;
  const expired = new Promise<CliError>((resolve) => {
    const check = (): void => {
      const now = Date.now();
      const s = swarm.stats();
      const bytes = s.downloaded + s.verified;
      const metadata = s.pieceCount > 0;
      if (bytes !== lastBytes || metadata !== hadMetadata) {
        if (lastBytes >= 0) lastProgress = now; // the first sample is the baseline, not progress
        lastBytes = bytes;
        hadMetadata = metadata;
      }
      if (s.peers > 0) {
        everPeers = true;
        noPeersSince = now;
        hintsGiven = 0;
      } else if (opts.onNoPeers && now - noPeersSince >= hintEvery * (hintsGiven + 1)) {
        hintsGiven++;
        opts.onNoPeers(now - noPeersSince);
      }
      const where = s.pieceCount > 0 ? `${s.piecesDone}/${s.pieceCount} pieces verified` : 'metadata not received';
      const who = everPeers ? `${s.peers} peer${s.peers === 1 ? '' : 's'} connected` : 'no peers found';
      if (opts.maxTimeMs !== undefined && now - t0 >= opts.maxTimeMs) {
        resolve(timedOut(`gave up after --max-time ${describeMs(opts.maxTimeMs)}: ${who}, ${where}; run again to resume`));
      } else if (opts.timeoutMs !== undefined && now - lastProgress >= opts.timeoutMs) {
        resolve(timedOut(`no progress for --timeout ${describeMs(opts.timeoutMs)}: ${who}, ${where}; run again to resume`));
      } else return;
      if (timer) clearInterval(timer);
      timer = null;
    };
    timer = setInterval(check, opts.pollMs ?? 250);
    check();
  });
  return {
    expired,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
