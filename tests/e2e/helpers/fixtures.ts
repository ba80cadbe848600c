/** @module helpers/fixtures — temp dirs, random files, SHA-256 of trees, the relay. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { RELAY, start, waitUntil, type Proc } from './processes.js';

const dirs: string[] = [];

/** A fresh temp directory, removed by {@link removeTempDirs}. */
export async function tempDir(prefix = 'seedling-e2e-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Remove every temp directory made by this file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Write random files: `{ 'a.bin': 1_000_000, 'sub/b.bin': 12345 }` under `root`. */
export async function writeRandomFiles(root: string, spec: Record<string, number>): Promise<void> {
  for (const [path, size] of Object.entries(spec)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, randomBytes(size));
  }
}

/** SHA-256 of a file, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (d) => h.update(d)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

/** Map of relative path → SHA-256 for every file under `root`. */
export async function treeHashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) out[relative(root, full)] = await sha256File(full);
    }
  };
  await walk(root);
  return out;
}

/** Start the real relay on a free port; resolves with its process and origin. */
export async function startRelay(): Promise<{ proc: Proc; url: string }> {
  const proc = start(process.execPath, [RELAY, '--port', '0', '--host', '127.0.0.1', '--interval', '10']);
  const line = await waitUntil(() => {
    if (proc.child.exitCode !== null) throw new Error(`relay exited: ${proc.stderr}`);
    return proc.events.find((e) => e.event === 'listening');
  }, 15_000, 'relay listening');
  return { proc, url: `http://127.0.0.1:${line.port as number}` };
}
