/**
 * @module adapters/node/handle-pool — a bounded LRU of open file handles. Torrents can have
 * thousands of files; keeping one descriptor per file would exhaust the process limit, so at most
 * `max` handles are open and the least recently used idle one is closed to make room.
 */
import type { FileHandle } from 'node:fs/promises';

interface Entry {
  readonly ready: Promise<FileHandle>;
  handle?: FileHandle;
  readonly writable: boolean;
  users: number;
  dirty: boolean;
  retired: boolean;
  /** Still counted in the open total (cleared exactly once, on close or failed open). */
  counted: boolean;
}

/** Opens a handle for `key`; `writable` asks for read-write access. */
export type HandleOpener = (key: number, writable: boolean) => Promise<FileHandle>;

/** A bounded pool of file handles keyed by file index. */
export interface HandlePool {
  /**
   * Runs `fn` with an open handle for `key` (writable if asked). The handle is not closed while
   * `fn` runs. At most one handle per call is held, so callers cannot deadlock the pool.
   */
  use<T>(key: number, writable: boolean, fn: (handle: FileHandle) => Promise<T>): Promise<T>;
  /** `datasync`s every handle written since the last sync. */
  sync(): Promise<void>;
  /** Syncs and closes every handle; later `use` calls still work (they reopen). */
  closeAll(): Promise<void>;
  /** Handles currently open (including ones being opened or retired). */
  readonly openCount: number;
}

/** Creates a pool that keeps at most `max` (≥ 1) handles open. */
export function createHandlePool(max: number, open: HandleOpener): HandlePool {
  const limit = Math.max(1, Math.floor(max));
  const entries = new Map<number, Entry>(); // insertion order = LRU order
  let open_ = 0;
  const waiters: Array<() => void> = [];
  // A sync/close failure of an evicted dirty handle has no caller to report to: the next
  // sync() (Storage.flush) reports it, so lost writes never pass silently.
  let deferredError: unknown;

  const uncount = (entry: Entry): void => {
    if (!entry.counted) return;
    entry.counted = false;
    open_--;
    waiters.shift()?.();
  };

  const closeEntry = async (entry: Entry): Promise<void> => {
    try {
      const h = await entry.ready;
      // Sync before closing: flush() can only sync handles it can still see.
      if (entry.dirty) await h.datasync();
      await h.close();
    } catch (err) {
      // A failed open was already reported to its caller; a failed sync of written data was not.
      if (entry.dirty) deferredError ??= err;
    } finally {
      uncount(entry);
    }
  };

  /** Waits until a handle may be opened and reserves it (the check and the count are atomic). */
  const reserve = async (): Promise<void> => {
    while (open_ >= limit) {
      let victim: [number, Entry] | undefined;
      for (const kv of entries) {
        if (kv[1].users === 0) {
          victim = kv;
          break;
        }
      }
      if (victim) {
        entries.delete(victim[0]);
        await closeEntry(victim[1]);
      } else {
        await new Promise<void>((r) => waiters.push(r));
      }
    }
    open_++;
  };

  const release = (entry: Entry): void => {
    entry.users--;
    if (entry.users > 0) return;
    if (entry.retired) void closeEntry(entry);
    else if (waiters.length > 0) waiters.shift()?.(); // an idle handle can now be evicted
  };

  return {
    get openCount() {
      return open_;
    },
    async use(key, writable, fn) {
      const usable = (e: Entry | undefined): e is Entry => e !== undefined && (!writable || e.writable);
      // A read-only handle cannot write: retire it (closed once idle) and open a writable one.
      const retire = (e: Entry): void => {
        entries.delete(key);
        e.retired = true;
        if (e.users === 0) void closeEntry(e);
      };
      let entry = entries.get(key);
      if (!usable(entry)) {
        if (entry) retire(entry);
        await reserve();
        entry = entries.get(key); // another caller may have opened it while we waited
        if (usable(entry)) {
          open_--;
          waiters.shift()?.();
        } else {
          if (entry) retire(entry);
          const ready = open(key, writable);
          const fresh: Entry = { ready, writable, users: 0, dirty: false, retired: false, counted: true };
          entries.set(key, fresh);
          ready.catch(() => {
            if (entries.get(key) === fresh) entries.delete(key);
            uncount(fresh);
          });
          entry = fresh;
        }
      }
      entries.delete(key);
      entries.set(key, entry);
      entry.users++;
      try {
        const handle = await entry.ready;
        if (writable) entry.dirty = true;
        return await fn(handle);
      } finally {
        release(entry);
      }
    },
    async sync() {
      if (deferredError !== undefined) {
        const err = deferredError;
        deferredError = undefined;
        throw err;
      }
      const dirty = [...entries.values()].filter((e) => e.dirty);
      await Promise.all(
        dirty.map(async (e) => {
          e.users++;
          try {
            e.dirty = false;
            await (await e.ready).datasync();
          } finally {
            release(e);
          }
        }),
      );
    },
    async closeAll() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(
        all.map(async (e) => {
          e.retired = true;
          if (e.users === 0) await closeEntry(e);
        }),
      );
    },
  };
}
