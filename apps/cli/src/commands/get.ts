/**
 * @module commands/get — `seedling get <MAGNET|FILE.torrent|SHARE-LINK>`: download into a folder,
 * verifying every piece, resuming from data already there; exit 0 when complete, or keep
 * seeding with `--seed` until SIGINT/SIGTERM.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseInfoDict, Swarm, torrentFromMetainfo, type SwarmOptions } from '@seedling/core';
import { createFileStorage } from '@seedling/core/node';
import { CliError, failed } from '../lib/errors.js';
import { getHasher, getPool } from '../lib/hashing.js';
import { loadTorrentFile } from '../lib/load-torrent.js';
import { parseMagnet, parseShareLink } from '../lib/magnet.js';
import { describeMs, watchDownload } from '../lib/get-watchdog.js';
import { addNetworkFlags } from '../lib/network-flags.js';
import { parseDuration } from '../lib/options.js';
import { emitJson, processIo, type Io } from '../lib/output.js';
import { fileProbe, openSession, type NetworkOptions } from '../lib/session.js';
import type { RelayPeers } from '../lib/relay-peers.js';
import { relayPeersFor } from '../lib/relay-peers-for.js';
import { untilSignal } from '../lib/signals.js';
import { writebackStorage } from '../lib/writeback-storage.js';
import { attachReporter } from '../ui/reporter.js';

/** Options of `seedling get`. */
export interface GetOptions extends NetworkOptions {
  output?: string;
  seed?: boolean;
  json?: boolean;
  /** Give up (exit 1) after this long without progress, in ms (default: wait forever). */
  timeout?: number;
  /** Give up (exit 1) after this long in total, in ms (default: no limit). */
  maxTime?: number;
}

/** What to download: a parsed torrent, or a magnet's hashes plus hints. */
async function resolveInput(input: string, opts: GetOptions): Promise<{ swarm: Pick<SwarmOptions, 'torrent' | 'magnet' | 'parseInfo'>; trackers: string[]; peers: string[]; relay?: string }> {
  const share = parseShareLink(input);
  const magnetText = share?.magnet ?? (input.startsWith('magnet:') ? input : null);
  const hasher = await getHasher();
  if (magnetText) {
    const m = parseMagnet(magnetText);
    const expected = { v1: m.infoHashV1, v2: m.infoHashV2 };
    return {
      swarm: {
        magnet: { ...(m.infoHashV1 ? { infoHashV1: m.infoHashV1 } : {}), ...(m.infoHashV2 ? { infoHashV2: m.infoHashV2 } : {}) },
        parseInfo: (info) => torrentFromMetainfo(parseInfoDict(info, hasher, expected), { allowMissingLayers: true }),
      },
      trackers: m.trackers,
      peers: m.peers,
      ...(share && !opts.relay ? { relay: share.relay } : {}),
    };
  }
  const { metainfo } = await loadTorrentFile(input);
  return { swarm: { torrent: torrentFromMetainfo(metainfo) }, trackers: [...metainfo.announce], peers: [] };
}

/** Run `seedling get`. */
export async function runGet(input: string, opts: GetOptions, io: Io = processIo): Promise<number> {
  const target = await resolveInput(input, opts);
  const root = resolve(opts.output ?? '.');
  await mkdir(root, { recursive: true });
  const session = await openSession({ ...opts, ...(target.relay ? { relay: target.relay } : {}), onWarning: (message) => opts.json && emitJson(io, 'warning', { message }) });
  const swarm = new Swarm({
    ...target.swarm,
    // Synced as it arrives, so `done` does not wait for the whole download to reach the disk.
    storage: writebackStorage(createFileStorage({ root })),
    hash: { hasher: await getHasher(), pool: getPool() },
    probe: fileProbe(root),
    ...(session.transports.tcp ? { dial: session.dial } : {}),
    discovery: session.trackers(target.trackers),
    port: session.port,
    ...(session.uploadGate ? { uploadGate: session.uploadGate } : {}),
    ...(session.downloadGate ? { downloadGate: session.downloadGate } : {}),
  });
  const detach = attachReporter(swarm, io, !!opts.json);
  session.host.add(swarm);
  const done = new Promise<'done'>((res) => swarm.events.on('done', () => res('done')));
  const error = new Promise<Error>((res) => swarm.events.on('error', (e) => res(e)));
  const signal = untilSignal();
  const watchdog = watchDownload(swarm, {
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
    ...(opts.maxTime !== undefined ? { maxTimeMs: opts.maxTime } : {}),
    ...(opts.json
      ? {}
      : {
          onNoPeers: (waited: number) => {
            const giveUp = opts.timeout !== undefined ? `; giving up after ${describeMs(opts.timeout)} without progress` : '; still waiting (--timeout to give up)';
            io.stderr.write(`seedling: no peers yet after ${describeMs(Math.round(waited / 1000) * 1000)}${giveUp}\n`);
          },
        }),
  });
  let relayPeers: RelayPeers | null = null;
  try {
    await swarm.start();
    relayPeers = await relayPeersFor(swarm, session, opts.relay ?? target.relay, opts, io);
    if (opts.json) emitJson(io, 'started', { port: session.port });
    for (const p of [...opts.peer, ...target.peers]) swarm.addPeer(p);
    const first = await Promise.race([done, error, signal, watchdog.expired]);
    watchdog.stop();
    if (first instanceof CliError) throw first;
    if (first instanceof Error) throw failed(`download failed: ${first.message}`, first);
    if (first !== 'done') return 1; // interrupted before completion (resume later)
    if (opts.seed) {
      if (!opts.json) io.stderr.write('download complete; seeding until interrupted\n');
      const after = await Promise.race([error, signal]);
      if (after instanceof Error) throw failed(after.message, after);
    }
    return 0;
  } finally {
    watchdog.stop();
    detach();
    await relayPeers?.close();
    await swarm.stop();
    await session.close();
  }
}

/** Register `get` on the program. */
export function registerGet(program: Command, run: (p: Promise<number>) => void): void {
  addNetworkFlags(
    program
      .command('get')
      .description('download a magnet link, .torrent file or share link')
      .argument('<source>', 'magnet link, .torrent file or share link')
      .option('-o, --output <dir>', 'download folder (default: current directory)')
      .option('--seed', 'keep seeding after the download completes')
      .option('--timeout <duration>', 'give up (exit 1) after this long without progress, i.e. no piece data or metadata, e.g. 30s, 5m (default: wait forever)', parseDuration)
      .option('--max-time <duration>', 'give up (exit 1) after this long in total, e.g. 1h (default: no limit)', parseDuration),
  ).action((input: string, opts: GetOptions) => run(runGet(input, opts)));
}
