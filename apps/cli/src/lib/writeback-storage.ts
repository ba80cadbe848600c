/**
 * @module lib/writeback-storage — a download's storage that makes data durable as it arrives:
 * after every {@link WRITEBACK_BYTES} written, a `flush()` (datasync) runs in the background,
 * one at a time, so the flush before `done` only has the last few MiB left to sync.
 *
 * Why: Linux starts writing dirty pages back only past `dirty_background_ratio` (10% of RAM) or
 * after 30 s, so a 256 MiB download finishing in 15 s still has all of it dirty when `done`
 * flushes. Eight downloads finishing together on one disk then sync 2 GiB at once: measured
 * here, 3.9 s for 8 x 256 MiB against 0.46 s for one (issue 8, flash crowd). Syncing as we go
 * spreads that disk work over the download, which the disk keeps up with easily.
 *
 * A background flush that fails is not dropped: the next `write` or `flush` throws its error.
 */
import type { Storage, StorageFactory } from '@seedling/core';

/** Bytes written between background flushes. */
export const WRITEBACK_BYTES = 32 << 20;

/** Wrap `factory` so its storages sync every `everyBytes` written (see the module comment). */
export function writebackStorage(factory: StorageFactory, everyBytes: number = WRITEBACK_BYTES): StorageFactory {
  return async (files) => {
    const inner = await factory(files);
    let unsynced = 0;
    let running: Promise<void> | null = null;
    let failure: unknown;
    let hasFailure = false;
    let closed = false;

    const rethrow = (): void => {
      if (!hasFailure) return;
      hasFailure = false;
      const err = failure;
      failure = undefined;
      throw err;
    };
    const kick = (): void => {
      if (running || closed || unsynced < everyBytes) return;
      unsynced = 0;
      running = inner.flush().then(
        () => {
          running = null;
          kick(); // more was written meanwhile
        },
        (err: unknown) => {
          running = null;
          if (!hasFailure) {
            failure = err;
            hasFailure = true;
          }
        },
      );
    };

    const storage: Storage = {
      read: (offset, length) => inner.read(offset, length),
      async write(offset, data) {
        rethrow();
        await inner.write(offset, data);
        unsynced += data.length;
        kick();
      },
      async flush() {
        // Let a background flush finish first: its error is reported here, and the final
        // flush then syncs whatever was written since.
        if (running) await running;
        rethrow();
        unsynced = 0;
        await inner.flush();
      },
      async close() {
        closed = true;
        if (running) await running;
        await inner.close();
        rethrow();
      },
    };
    if (inner.readInto) storage.readInto = (offset, out) => inner.readInto!(offset, out);
    return storage;
  };
}
