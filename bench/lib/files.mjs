/**
 * @module bench/lib/files — bench data and scratch space: a streamed pseudo-random file (never
 * held in memory), temp dirs removed at exit, sizes from BENCH_QUICK, and a poller that tracks
 * how many bytes a downloader has written (allocated blocks of a file written without
 * preallocation) for any client.
 */
import { mkdtempSync, rmSync, statSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MiB = 1024 * 1024;
/** True when BENCH_QUICK=1: development sizes. */
export const QUICK = process.env.BENCH_QUICK === '1';

const dirs = new Set();
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir under $TMPDIR, removed when the process exits (or by `removeDir`). */
export function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), `seedling-bench-${prefix}-`));
  dirs.add(d);
  return d;
}

/** Remove a temp dir now. */
export function removeDir(d) {
  rmSync(d, { recursive: true, force: true });
  dirs.delete(d);
}

/**
 * Write `bytes` of pseudo-random data (xorshift32, 1 MiB at a time) to `path`. Incompressible
 * enough for a transfer bench, and different per `seed`.
 */
export function writeRandomFile(path, bytes, seed = 0x9e3779b9) {
  const chunk = Buffer.allocUnsafe(MiB);
  const words = new Uint32Array(chunk.buffer, chunk.byteOffset, MiB / 4);
  let x = seed >>> 0 || 1;
  const fd = openSync(path, 'w');
  try {
    for (let left = bytes; left > 0; left -= MiB) {
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x;
      }
      writeSync(fd, chunk, 0, Math.min(MiB, left));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes actually written to `path` (allocated blocks, so a file written without preallocation
 * counts what arrived), summed over a directory tree.
 */
export function writtenBytes(path) {
  let total = 0;
  let entries;
  try {
    if (!statSync(path).isDirectory()) return statSync(path).blocks * 512;
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(path, e.name);
    if (e.isDirectory()) total += writtenBytes(p);
    else if (e.isFile()) {
      try {
        total += statSync(p).blocks * 512;
      } catch {
        /* vanished */
      }
    }
  }
  return total;
}

/**
 * Poll `writtenBytes(path)` every `ms` until stopped: records (time, bytes) samples and the time
 * the first byte appeared. `stop()` returns { samples, firstByteAt }.
 */
export function watchWritten(path, ms = 250) {
  const samples = [];
  let firstByteAt = null;
  const tick = () => {
    const b = writtenBytes(path);
    const t = performance.now();
    samples.push([t, b]);
    if (firstByteAt === null && b > 0) firstByteAt = t;
  };
  tick();
  const timer = setInterval(tick, ms);
  return {
    get firstByteAt() {
      return firstByteAt;
    },
    get last() {
      return samples.at(-1)?.[1] ?? 0;
    },
    stop() {
      clearInterval(timer);
      tick();
      return { samples, firstByteAt };
    },
  };
}

/** Round to `d` decimals (numbers for JSON). */
export const round = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

/** MB/s (10^6 bytes per second) for `bytes` in `ms`. */
export const mbps = (bytes, ms) => round(bytes / 1e6 / (ms / 1000), 1);
