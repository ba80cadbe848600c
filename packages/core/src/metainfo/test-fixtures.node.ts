/**
 * @module metainfo/test-fixtures.node — test-only helpers: random file trees on disk, a
 * {@link SourceFile} list backed by node:fs, and external commands with timeouts whose
 * processes are killed by PID on teardown.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readSync, closeSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { SourceFile } from './file-layout.js';

/** Writes `files` (relative path → size) under `root` with random content. */
export function writeTree(root: string, files: Record<string, number>): void {
  for (const [rel, size] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(size), { mode: 0o644 });
  }
}

/** Every regular file under `dir`, as paths relative to `dir`. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

/** A file on disk as a SourceFile (positional reads, nothing held in memory). */
export function fileSource(path: string, parts: string[]): SourceFile {
  return {
    path: parts,
    length: statSync(path).size,
    async read(offset, length) {
      const fd = openSync(path, 'r');
      try {
        const buf = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, buf, done, length - done, offset + done);
          if (n === 0) break;
          done += n;
        }
        return buf.subarray(0, done);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** A directory as SourceFiles (paths relative to it) plus its name; a file as one SourceFile. */
export function pathSource(path: string): { name: string; files: SourceFile[] } {
  if (statSync(path).isFile()) return { name: basename(path), files: [fileSource(path, [basename(path)])] };
  return { name: basename(path), files: walk(path).map((rel) => fileSource(join(path, rel), rel.split(sep))) };
}

/** In-memory SourceFile. */
export function memorySource(path: string[], data: Uint8Array): SourceFile {
  return { path, length: data.length, read: async (offset, length) => data.slice(offset, offset + length) };
}

const running = new Set<ChildProcess>();

/** Runs a command with a timeout (the child is killed when it expires); resolves stdout. */
export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      running.delete(child);
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    running.add(child);
  });
}

/** Kills every still-running child started by {@link run}, each by its own PID. */
export function killAll(): void {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  running.clear();
}
