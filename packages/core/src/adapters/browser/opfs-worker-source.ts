/**
 * @module adapters/browser/opfs-worker-source — the dedicated worker behind {@link createOpfsStorage}.
 * `createSyncAccessHandle` (fast, positional, no swap-file copy on every write) exists only in
 * dedicated workers, so writes and reads go through this worker. It is shipped as the source of
 * one self-contained function, started from a Blob URL, so the package needs no extra entry
 * point and no bundler worker plugin.
 */

/** Requests the worker understands (one reply per request, matched by `id`). */
export type OpfsWorkerRequest =
  | { id: number; op: 'write'; path: string[]; position: number; data: ArrayBuffer }
  | { id: number; op: 'read'; path: string[]; position: number; length: number }
  | { id: number; op: 'size'; path: string[] }
  | { id: number; op: 'flush' }
  | { id: number; op: 'release' };

/** Replies: `data` for reads and writes (transferred; a write's buffer comes back for reuse), `size` for size, `error` on failure. */
export interface OpfsWorkerReply {
  id: number;
  data?: ArrayBuffer;
  size?: number;
  error?: { name: string; message: string };
}

/**
 * The worker body. It must not reference anything outside itself: it is turned into text.
 * Handles are opened lazily, at most `maxOpen` at a time (least recently used closed first).
 */
function opfsWorkerMain(): void {
  interface SyncHandle {
    read(buf: Uint8Array, opts: { at: number }): number;
    write(buf: Uint8Array, opts: { at: number }): number;
    getSize(): number;
    flush(): void;
    close(): void;
  }
  interface DirHandle {
    getDirectoryHandle(name: string, opts?: { create?: boolean }): Promise<DirHandle>;
    getFileHandle(name: string, opts?: { create?: boolean }): Promise<{ createSyncAccessHandle(): Promise<SyncHandle> }>;
  }
  const scope = self as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(m: unknown, t?: Transferable[]): void };
  const nav = navigator as unknown as { storage: { getDirectory(): Promise<DirHandle> } };
  const handles = new Map<string, SyncHandle>();
  const maxOpen = 64;
  let queue: Promise<void> = Promise.resolve();

  async function handleFor(path: string[], create: boolean): Promise<SyncHandle | null> {
    const key = path.join('/');
    const open = handles.get(key);
    if (open) {
      handles.delete(key);
      handles.set(key, open);
      return open;
    }
    let dir = await nav.storage.getDirectory();
    try {
      for (const part of path.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
      const file = await dir.getFileHandle(path[path.length - 1]!, { create });
      // A reloaded page's previous worker may still hold the lock for a moment: retry briefly.
      let h: SyncHandle | undefined;
      for (let attempt = 0; !h; attempt++) {
        try {
          h = await file.createSyncAccessHandle();
        } catch (err) {
          if ((err as Error).name !== 'NoModificationAllowedError' || attempt >= 40) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      if (handles.size >= maxOpen) {
        const [oldest, old] = handles.entries().next().value as [string, SyncHandle];
        old.close();
        handles.delete(oldest);
      }
      handles.set(key, h);
      return h;
    } catch (err) {
      if (!create && (err as Error).name === 'NotFoundError') return null;
      throw err;
    }
  }

  async function serve(req: OpfsWorkerRequest): Promise<OpfsWorkerReply & { transfer?: Transferable[] }> {
    switch (req.op) {
      case 'write': {
        const h = (await handleFor(req.path, true))!;
        const data = new Uint8Array(req.data);
        let done = 0;
        while (done < data.length) done += h.write(data.subarray(done), { at: req.position + done });
        // The buffer goes back for reuse: a worker allocates nothing per write, and neither
        // isolate piles up garbage buffers between its (rare, small-heap) collections.
        return { id: req.id, data: req.data, transfer: [req.data] };
      }
      case 'read': {
        const out = new Uint8Array(req.length);
        const h = await handleFor(req.path, false);
        if (h) h.read(out, { at: req.position });
        return { id: req.id, data: out.buffer, transfer: [out.buffer] };
      }
      case 'size': {
        const h = await handleFor(req.path, false);
        return { id: req.id, size: h ? h.getSize() : 0 };
      }
      case 'flush':
        for (const h of handles.values()) h.flush();
        return { id: req.id };
      case 'release':
        for (const h of handles.values()) {
          h.flush();
          h.close();
        }
        handles.clear();
        return { id: req.id };
    }
  }

  scope.onmessage = (ev: MessageEvent) => {
    const req = ev.data as OpfsWorkerRequest;
    // One request at a time: sync handles are not re-entrant across awaits of handle opening.
    queue = queue.then(async () => {
      try {
        const { transfer, ...reply } = await serve(req);
        scope.postMessage(reply, transfer ?? []);
      } catch (err) {
        const e = err as Error;
        scope.postMessage({ id: req.id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err) } });
      }
    });
  };
}

/** The worker script text. */
export function opfsWorkerScript(): string {
  return `(${opfsWorkerMain.toString()})();`;
}
