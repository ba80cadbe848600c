/**
 * @module commands/create — `seedling create <path>`: hash a file or folder into a .torrent
 * (v1, v2 or hybrid, default hybrid) and print its magnet link.
 */
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { createTorrent, type TorrentVersion } from '@seedling/core';
import { usage } from '../lib/errors.js';
import { getHasher, getPool } from '../lib/hashing.js';
import { buildShareLink, magnetFromMetainfo } from '../lib/magnet.js';
import { relayTrackerUrls } from '../lib/session.js';
import { emitJson, processIo, type Io } from '../lib/output.js';
import { filesToShare } from '../lib/share-files.js';
import { collect, parsePositiveInt } from '../lib/options.js';

/** Options of `seedling create`. */
export interface CreateOptions {
  output?: string;
  v1?: boolean;
  v2?: boolean;
  hybrid?: boolean;
  pieceLength?: number;
  tracker: string[];
  /** Seedling relay: its HTTP and WebSocket trackers are listed, and a share link printed. */
  relay?: string;
  name?: string;
  json?: boolean;
}

/** Run `seedling create`. Returns the exit code. */
export async function runCreate(path: string, opts: CreateOptions, io: Io = processIo): Promise<number> {
  const flags = [opts.v1, opts.v2, opts.hybrid].filter(Boolean).length;
  if (flags > 1) throw usage('choose one of --v1, --v2, --hybrid');
  const version: TorrentVersion = opts.v1 ? 'v1' : opts.v2 ? 'v2' : 'hybrid';
  for (const t of opts.tracker) {
    if (!/^(https?|wss?|udp):\/\//i.test(t)) throw usage(`--tracker needs an http(s)/ws(s)/udp URL, got ${t}`);
  }
  const { abs, files, single } = await filesToShare(path);
  const name = opts.name ?? basename(abs);
  const { torrent, metainfo } = await createTorrent(files, await getHasher(), {
    version,
    name,
    ...(single ? {} : { multiFile: true }),
    ...(opts.pieceLength ? { pieceLength: opts.pieceLength } : {}),
    // Each URL its own tier, the relay's HTTP tracker before its WebSocket one (BEP 12 order).
    announce: [...opts.tracker, ...(opts.relay ? relayTrackerUrls(opts.relay, true) : [])],
    pool: getPool(),
  });
  const out = resolve(opts.output ?? `${metainfo.name}.torrent`);
  await writeFile(out, torrent);
  const magnet = magnetFromMetainfo(metainfo);
  const shareLink = opts.relay ? buildShareLink(opts.relay, magnet) : null;
  if (opts.json) {
    emitJson(io, 'created', { torrent: out, magnet, infoHashV1: metainfo.infoHashV1Hex, infoHashV2: metainfo.infoHashV2Hex, ...(opts.relay ? { shareLink } : {}) });
  } else {
    io.stderr.write(`wrote ${out}\n`);
    io.stdout.write(`${magnet}\n`);
    if (shareLink) io.stdout.write(`${shareLink}\n`);
  }
  return 0;
}

/** Register `create` on the program. */
export function registerCreate(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('create')
    .description('create a .torrent for a file or folder and print its magnet link')
    .argument('<path>', 'file or folder to share')
    .option('-o, --output <file>', 'where to write the .torrent (default: <name>.torrent)')
    .option('--v1', 'v1 only (BEP 3), for clients without v2')
    .option('--v2', 'v2 only (BEP 52)')
    .option('--hybrid', 'v1 + v2 in one torrent (default)')
    .option('--piece-length <bytes>', 'piece length in bytes (power of two, ≥ 16384)', parsePositiveInt)
    .option('--tracker <url>', 'tracker URL (repeatable)', collect, [])
    .option('--relay <url>', "Seedling relay: list its HTTP and WebSocket trackers, print a share link")
    .option('--name <name>', 'torrent name (default: the file or folder name)')
    .option('--json', 'print a JSON object instead of text')
    .action((path: string, opts: CreateOptions) => run(runCreate(path, opts)));
}
