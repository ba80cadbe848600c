/**
 * @module commands/seed — `seedling seed <path>`: hash the data into a torrent (or check it
 * against `--torrent`), print the magnet and share links, serve peers until SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { createTorrent, Swarm, torrentFromMetainfo, type Metainfo } from '@seedling/core';
import { dataRootFor, probeAt, storageAt } from '../lib/data-path.js';
import { failed } from '../lib/errors.js';
import { getHasher, getPool } from '../lib/hashing.js';
import { loadTorrentFile } from '../lib/load-torrent.js';
import { buildShareLink, magnetWithTrackers } from '../lib/magnet.js';
import { addNetworkFlags } from '../lib/network-flags.js';
import { emitJson, processIo, type Io } from '../lib/output.js';
import { filesToShare } from '../lib/share-files.js';
import { checkTransports, openSession, relayTrackerUrls, type NetworkOptions } from '../lib/session.js';
import type { RelayPeers } from '../lib/relay-peers.js';
import { relayPeersFor } from '../lib/relay-peers-for.js';
import { observeFirstAnnounce } from '../lib/first-announce.js';
import { untilSignal } from '../lib/signals.js';
import { attachReporter } from '../ui/reporter.js';

/** Options of `seedling seed`. */
export interface SeedOptions extends NetworkOptions {
  torrent?: string;
  json?: boolean;
  v1?: boolean;
  v2?: boolean;
}

/** The relay's trackers for the magnet and a new torrent: HTTP, plus WebSocket when WebRTC is on. */
function relayTrackers(opts: SeedOptions): string[] {
  return opts.relay ? relayTrackerUrls(opts.relay, checkTransports(opts.transport, opts.relay).webrtc) : [];
}

async function torrentFor(path: string, opts: SeedOptions): Promise<{ metainfo: Metainfo; created: boolean }> {
  if (opts.torrent) return { metainfo: (await loadTorrentFile(opts.torrent)).metainfo, created: false };
  const { abs, files, single } = await filesToShare(path);
  // One tier per URL, HTTP before WebSocket (BEP 12: tiers are tried in order).
  const trackers = [...opts.tracker, ...relayTrackers(opts)];
  const { metainfo } = await createTorrent(files, await getHasher(), {
    version: opts.v1 ? 'v1' : opts.v2 ? 'v2' : 'hybrid',
    ...(single ? {} : { multiFile: true, name: abs.split(/[\\/]/).pop()! }),
    announce: trackers,
    pool: getPool(),
  });
  return { metainfo, created: true };
}

/** Longest wait for the first tracker answers before saying `ready` anyway (announces go on). */
const FIRST_ANNOUNCE_WAIT_MS = 10_000;

/** Run `seedling seed` until interrupted. */
export async function runSeed(path: string, opts: SeedOptions, io: Io = processIo): Promise<number> {
  const { metainfo, created } = await torrentFor(path, opts);
  const data = dataRootFor(path, metainfo);
  const session = await openSession({ ...opts, onWarning: (message) => opts.json && emitJson(io, 'warning', { message }) });
  const trackers = observeFirstAnnounce(session.trackers(metainfo.announce), FIRST_ANNOUNCE_WAIT_MS);
  let markReady!: () => void;
  let abandon!: (err: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    abandon = rej;
  });
  ready.catch(() => undefined);
  const swarm = new Swarm({
    torrent: torrentFromMetainfo(metainfo),
    storage: storageAt(data),
    hash: { hasher: await getHasher(), pool: getPool() },
    probe: probeAt(data),
    assumeComplete: created,
    ...(session.transports.tcp ? { dial: session.dial } : {}),
    discovery: trackers.sources,
    port: session.port,
    ...(session.uploadGate ? { uploadGate: session.uploadGate } : {}),
  });
  // The swarm completes during its start-up check; its `done` may only follow `ready`.
  const detach = attachReporter(swarm, io, !!opts.json, { holdDoneUntil: ready });
  session.host.add(swarm);
  for (const p of opts.peer) swarm.addPeer(p);
  const signal = untilSignal();
  let relayPeers: RelayPeers | null = null;
  try {
    await swarm.start();
    if (!swarm.complete) {
      const s = swarm.stats();
      throw failed(`data at ${path} does not match the torrent: ${s.piecesDone}/${s.pieceCount} pieces valid`);
    }
    relayPeers = await relayPeersFor(swarm, session, opts.relay, opts, io);
    // Ready means servable: the listener is bound (openSession), the data checked (start), and
    // the trackers have answered the first announce, so peers they send us can find us.
    const announce = await Promise.race([trackers.settled, signal]);
    if (typeof announce !== 'object') return 0; // interrupted while announcing
    const magnet = magnetWithTrackers(metainfo, relayTrackers(opts));
    const shareLink = opts.relay ? buildShareLink(opts.relay, magnet) : null;
    if (opts.json) {
      emitJson(io, 'ready', { magnet, shareLink, port: session.port, infoHashV1: metainfo.infoHashV1Hex, infoHashV2: metainfo.infoHashV2Hex, name: metainfo.name, announced: announce.announced, announceFailed: announce.failed });
    } else {
      io.stdout.write(`${magnet}\n`);
      if (shareLink) io.stdout.write(`${shareLink}\n`);
      io.stderr.write(`seeding ${metainfo.name} on port ${session.port}; Ctrl-C to stop\n`);
    }
    markReady();
    await signal;
    return 0;
  } finally {
    abandon(new Error('stopped before ready'));
    detach();
    await relayPeers?.close();
    await swarm.stop();
    await session.close();
    if (opts.json) emitJson(io, 'stopped');
  }
}

/** Register `seed` on the program. */
export function registerSeed(program: Command, run: (p: Promise<number>) => void): void {
  addNetworkFlags(
    program
      .command('seed')
      .description('share a file or folder: print its magnet and share link, serve until interrupted')
      .argument('<path>', 'file or folder to share')
      .option('--torrent <file>', 'use this .torrent (the data is checked against it)')
      .option('--v1', 'make a v1-only torrent (default hybrid)')
      .option('--v2', 'make a v2-only torrent (default hybrid)'),
  ).action((path: string, opts: SeedOptions) => run(runSeed(path, opts)));
}
