/**
 * @module ui/reporter — shows a swarm's progress: newline-delimited JSON events with `--json`,
 * a progress bar (percent, rates, peers, ETA) on a TTY, and short log lines otherwise.
 * Banned peers are always logged with who and why.
 */
import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';
import type { Swarm, SwarmStats } from '@seedling/core';
import { emitJson, formatBytes, type Io } from '../lib/output.js';
import { formatEta } from './eta.js';

/**
 * cli-progress, loaded only when a bar is shown (a TTY without --json): `get --json` processes,
 * started by the dozen in a flash crowd, do not pay for loading it.
 */
function loadCliProgress(): typeof cliProgressModule {
  return createRequire(import.meta.url)('cli-progress') as typeof cliProgressModule;
}

function statsJson(s: SwarmStats): Record<string, unknown> {
  return {
    downloaded: s.downloaded,
    uploaded: s.uploaded,
    verified: s.verified,
    resumed: s.resumed,
    length: s.length,
    percent: s.length > 0 ? Math.floor((s.verified / s.length) * 1000) / 10 : 0,
    downloadRate: s.downloadRate,
    uploadRate: s.uploadRate,
    peers: s.peers,
    piecesDone: s.piecesDone,
    pieceCount: s.pieceCount,
  };
}

/** Options of {@link attachReporter}. */
export interface ReporterOptions {
  /**
   * Hold the `done` output until this settles (and drop it if it rejects): `seed` completes
   * during its start-up check, before it listens and announces, and must not look finished
   * (or ready) before its `ready` event.
   */
  holdDoneUntil?: Promise<unknown>;
}

/** Attach progress output to a swarm; returns a function that stops the output. */
export function attachReporter(swarm: Swarm, io: Io, json: boolean, options: ReporterOptions = {}): () => void {
  const offs: (() => void)[] = [];
  let bar: cliProgressModule.SingleBar | null = null;
  const rate = (n: number): string => `${formatBytes(n)}/s`;
  if (json) {
    offs.push(swarm.events.on('progress', (s) => emitJson(io, 'progress', statsJson(s))));
    offs.push(swarm.events.on('checked', (c) => emitJson(io, 'checked', c)));
    offs.push(swarm.events.on('metadata', (t) => emitJson(io, 'metadata', { name: t.name, pieceCount: t.pieceCount, pieceLength: t.pieceLength })));
    offs.push(swarm.events.on('peer', (p) => emitJson(io, 'peer', p)));
    offs.push(swarm.events.on('peer-closed', (p) => emitJson(io, 'peer-closed', p)));
    offs.push(swarm.events.on('warning', (w) => emitJson(io, 'warning', { message: w.message })));
  } else if (io.stderr.isTTY) {
    const cliProgress = loadCliProgress();
    bar = new cliProgress.SingleBar(
      { format: '{bar} {percentage}% | ↓ {down} ↑ {up} | {peers} peers | ETA {eta_text}', stream: io.stderr, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    offs.push(
      swarm.events.on('progress', (s) => {
        if (!started) {
          bar!.start(Math.max(1, s.length), s.verified, { down: rate(0), up: rate(0), peers: 0, eta_text: formatEta(s.length - s.verified, 0) });
          started = true;
        }
        bar!.update(s.verified, { down: rate(s.downloadRate), up: rate(s.uploadRate), peers: s.peers, eta_text: formatEta(s.length - s.verified, s.downloadRate) });
      }),
    );
  }
  offs.push(
    swarm.events.on('peer-banned', (b) => {
      io.stderr.write(`seedling: banned peer ${b.address} (${b.peerId}): ${b.reason}\n`);
      if (json) emitJson(io, 'peer-banned', b);
    }),
  );
  let detached = false;
  const showDone = (s: SwarmStats): void => {
    if (detached) return;
    bar?.update(s.verified, { eta_text: formatEta(0, 0) });
    bar?.stop();
    bar = null;
    if (json) emitJson(io, 'done', statsJson(s));
    else io.stderr.write(`complete: ${formatBytes(s.verified)} verified, ${formatBytes(s.downloaded)} downloaded\n`);
  };
  offs.push(
    swarm.events.on('done', (s) => {
      const hold = options.holdDoneUntil;
      if (!hold) showDone(s);
      else hold.then(() => showDone(swarm.stats()), () => undefined);
    }),
  );
  return () => {
    detached = true;
    bar?.stop();
    for (const off of offs) off();
  };
}
