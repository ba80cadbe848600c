/**
 * @module commands/verify — `seedling verify <FILE.torrent> <path>`: hash every piece of the
 * data at `path` against the torrent; exit 1 if any piece is bad or missing.
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { Bitfield, checkExistingPieces, createPieceLayout, createPieceVerifier, torrentFromMetainfo } from '@seedling/core';
import { dataRootFor, storageAt } from '../lib/data-path.js';
import { badInput } from '../lib/errors.js';
import { getHasher, getPool } from '../lib/hashing.js';
import { loadTorrentFile } from '../lib/load-torrent.js';
import { emitJson, processIo, type Io } from '../lib/output.js';

/** Run `seedling verify`. */
export async function runVerify(torrentPath: string, dataPath: string, opts: { json?: boolean }, io: Io = processIo): Promise<number> {
  const { metainfo } = await loadTorrentFile(torrentPath);
  try {
    await stat(dataPath);
  } catch (err) {
    throw badInput(`cannot read ${dataPath}: ${(err as Error).message}`, err);
  }
  const torrent = torrentFromMetainfo(metainfo);
  const layout = createPieceLayout(torrent);
  const hasher = await getHasher();
  const storage = await storageAt(dataRootFor(dataPath, metainfo))(torrent.files);
  const have = new Bitfield(torrent.pieceCount);
  try {
    await checkExistingPieces({ layout, files: torrent.files, storage, verify: createPieceVerifier(torrent, layout, { hasher, pool: getPool() }), have });
  } finally {
    await storage.close();
  }
  const good = have.count();
  const bad = torrent.pieceCount - good;
  if (opts.json) emitJson(io, 'verified', { pieces: torrent.pieceCount, good, bad });
  else io.stdout.write(`${good}/${torrent.pieceCount} pieces OK${bad ? `, ${bad} bad or missing` : ''}\n`);
  return bad === 0 ? 0 : 1;
}

/** Register `verify` on the program. */
export function registerVerify(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('verify')
    .description('check data against a .torrent (exit 1 if any piece is bad)')
    .argument('<torrent>', '.torrent file')
    .argument('<path>', 'the downloaded file or folder (or the folder that contains it)')
    .option('--json', 'print a JSON result')
    .action((t: string, p: string, opts: { json?: boolean }) => run(runVerify(t, p, opts)));
}
