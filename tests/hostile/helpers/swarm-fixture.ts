/**
 * @module hostile/helpers/swarm-fixture — a random file, its v1 torrent (`seedling create`),
 * its geometry (`seedling info --json`) and an honest `seedling seed` on a free port.
 */
import { join } from 'node:path';
import { tempDir, writeRandomFiles } from '../../e2e/helpers/fixtures.js';
import { runSeedling, seedling, waitForEvent, type Proc } from '../../e2e/helpers/processes.js';

/** A shared file with its torrent and geometry. */
export interface Shared {
  root: string;
  data: string;
  torrent: string;
  infoHash: string;
  pieceCount: number;
  pieceLength: number;
  length: number;
}

/** Write a random `size`-byte file and create a v1 torrent of it with `pieceLength` pieces. */
export async function sharedFile(size: number, pieceLength = 16384, name = 'blob.bin'): Promise<Shared> {
  const root = await tempDir('seedling-hostile-');
  await writeRandomFiles(join(root, 'src'), { [name]: size });
  const data = join(root, 'src', name);
  const torrent = join(root, 'blob.torrent');
  const c = await runSeedling(['create', data, '-o', torrent, '--v1', '--piece-length', String(pieceLength)]);
  if (c.code !== 0) throw new Error(`create failed: ${c.stderr}`);
  const i = await runSeedling(['info', torrent, '--json']);
  const info = JSON.parse(i.stdout) as { infoHashV1: string; pieceCount: number; pieceLength: number; length: number };
  return { root, data, torrent, infoHash: info.infoHashV1, pieceCount: info.pieceCount, pieceLength: info.pieceLength, length: info.length };
}

/** Start an honest seeder over TCP; resolves with its process and port once it is ready. */
export async function startSeeder(s: Shared, extra: string[] = []): Promise<{ proc: Proc; port: number }> {
  const proc = seedling(['seed', s.data, '--torrent', s.torrent, '--port', '0', '--transport', 'tcp', '--json', ...extra]);
  const ready = await waitForEvent(proc, 'ready', 30_000);
  return { proc, port: ready.port as number };
}
