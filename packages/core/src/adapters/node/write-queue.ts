/**
 * @module adapters/node/write-queue — positional writes to one file, one at a time, with the
 * writes that queued up meanwhile merged into vectored writes of adjacent ranges.
 *
 * Why: a downloader writes every verified piece as it completes. Issued concurrently, those
 * writes ran on several libuv threads at once and spun on the file's inode lock in the kernel
 * (ext4 takes it for every buffered write); in random piece order each one also added an extent
 * of its own to ext4's delayed-allocation tree. One write in flight per file removes the lock
 * contention, and the pieces that complete while it runs leave together: sorted by offset,
 * adjacent ones as one `pwritev` (one syscall and one thread-pool hop for a run of pieces).
 */
import type { FileHandle } from 'node:fs/promises';
import { StorageError } from '../../storage/errors.js';

/** Most bytes merged into one vectored write: its pieces are released together when it ends, so a long run would hold their buffers longer. */
const MAX_RUN_BYTES = 1 << 20;
/** Most buffers in one vectored write (IOV_MAX is 1024 on Linux). */
const MAX_RUN_PARTS = 64;

interface Pending {
  readonly position: number;
  readonly data: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** Runs `fn` with the file's writable handle (the storage's handle pool). */
export type UseHandle = (fn: (handle: FileHandle) => Promise<void>) => Promise<void>;

/** Serialised, coalescing writes to one file (see the module comment). */
export class FileWriteQueue {
  readonly #use: UseHandle;
  #pending: Pending[] = [];
  #running = false;

  constructor(use: UseHandle) {
    this.#use = use;
  }

  /** Writes `data` at `position`; resolves once it is written (rejects with the write's error). */
  write(position: number, data: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ position, data, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        void this.#drain();
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        batch.sort((a, b) => a.position - b.position);
        for (let i = 0; i < batch.length; ) {
          let end = i + 1;
          let bytes = batch[i]!.data.length;
          while (
            end < batch.length &&
            end - i < MAX_RUN_PARTS &&
            bytes + batch[end]!.data.length <= MAX_RUN_BYTES &&
            batch[end]!.position === batch[end - 1]!.position + batch[end - 1]!.data.length
          ) {
            bytes += batch[end]!.data.length;
            end++;
          }
          const run = batch.slice(i, end);
          i = end;
          try {
            await this.#use((h) => writeRun(h, run));
            for (const p of run) p.resolve();
          } catch (err) {
            for (const p of run) p.reject(err);
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

/** Writes a run of adjacent buffers: one `writev` when there are several, looping on short writes. */
async function writeRun(h: FileHandle, run: readonly Pending[]): Promise<void> {
  let position = run[0]!.position;
  let k = 0;
  let skip = 0; // bytes of run[k] already written
  while (k < run.length) {
    if (run[k]!.data.length === skip) {
      k++;
      skip = 0;
      continue;
    }
    let written: number;
    if (k === run.length - 1 || skip > 0) {
      const d = run[k]!.data;
      ({ bytesWritten: written } = await h.write(d, skip, d.length - skip, position));
    } else {
      ({ bytesWritten: written } = await h.writev(run.slice(k).map((p) => p.data), position));
    }
    if (written <= 0) throw new StorageError('STORAGE_IO', `short write at ${position}: no bytes written`);
    position += written;
    // Advance past what was written (a short write stops inside some buffer).
    while (k < run.length && written > 0) {
      const left = run[k]!.data.length - skip;
      if (written >= left) {
        written -= left;
        skip = 0;
        k++;
      } else {
        skip += written;
        written = 0;
      }
    }
  }
}
