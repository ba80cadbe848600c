/**
 * @module lib/run-receive — receive a magnet into OPFS: metadata over ut_metadata (or from OPFS
 * after a reload), pieces written as they are verified, a resume check on start (only missing
 * pieces are fetched), and, once the selected files are complete, each offered as a disk-backed
 * File to save. Files can be unticked (skipped, kept across reloads in localStorage) and played
 * while they download (receive-controls.ts, stream/).
 */
import { FILE_PRIORITY, parseInfoDict, parseMagnet, Swarm, torrentFromMetainfo, type SwarmTorrent } from '@seedling/core';
import { openOpfsStorage, opfsFile, opfsReadSmall, opfsWriteSmall, prestartOpfsWorker, type OpfsStorage } from '@seedling/core/browser';
import type { Engine } from './engine.js';
import { boundedHashPool } from './bounded-pool.js';
import type { RunningTransfer } from './run-share.js';
import type { TransferFile, TransferPatch } from './transfer-types.js';
import { watchSwarm } from './watch-swarm.js';
import { registerReceive } from './receive-controls.js';
import { loadSelection, storeSelection } from './file-selection-store.js';

/** OPFS folder of a received transfer's data. */
export const dataRoot = (id: string): string[] => ['data', id];
/** OPFS path of a received transfer's info dict (kept for resume without peers). */
export const infoPath = (id: string): string[] => ['torrents', `${id}.info`];

/**
 * A User Timing mark (`seedling:<what>`) of a receive's milestones, for tools that measure the
 * page from outside (bench/web.mjs `BENCH_WEB_TRACE=1` lines them up with its connection timeline).
 */
function timing(what: string): void {
  performance.mark(`seedling:${what}`);
}

/** Bytes per read of a stream: small, so playback starts after the first pieces. */
const STREAM_CHUNK = 64 << 10;

/** The file rows of `t` (pad files hidden) with their selection. */
function fileRows(t: SwarmTorrent, priorities: readonly number[]): TransferFile[] {
  const out: TransferFile[] = [];
  t.files.forEach((f, index) => {
    if (!f.pad) out.push({ path: [...f.path], length: f.length, index, selected: (priorities[index] ?? 1) > 0 });
  });
  return out;
}

/**
 * Object URLs of the complete selected files (disk-backed Files: saving streams from disk); the
 * Files by torrent file index go to `ready` (streams of complete files read them).
 */
async function readyFiles(id: string, t: SwarmTorrent, priorities: readonly number[], ready: Map<number, ReadyFile>): Promise<TransferFile[]> {
  const rows = fileRows(t, priorities);
  for (const row of rows) {
    if (!row.selected) continue;
    let r = ready.get(row.index!);
    if (!r) {
      const file = await opfsFile([...dataRoot(id), ...row.path]).catch(() => null);
      if (!file) continue;
      ready.set(row.index!, (r = { file, url: URL.createObjectURL(file) }));
    }
    row.url = r.url;
  }
  return rows;
}

/** A complete file: its disk-backed File and the object URL the save links use. */
interface ReadyFile {
  readonly file: File;
  readonly url: string;
}

/** Start (or resume) receiving `magnet` as transfer `id`. */
export async function runReceive(engine: Engine, id: string, magnet: string, onPatch: (p: TransferPatch) => void): Promise<RunningTransfer> {
  timing('receive');
  const link = parseMagnet(magnet);
  const hasher = await engine.hasher();
  timing('hasher');
  const expected = { v1: link.infoHashV1, v2: link.infoHashV2 };
  const parse = (info: Uint8Array): SwarmTorrent => torrentFromMetainfo(parseInfoDict(info, hasher, expected));
  const saved = await opfsReadSmall(infoPath(id)).catch(() => null);
  let torrent: SwarmTorrent | undefined;
  try {
    torrent = saved ? parse(saved) : undefined;
  } catch {
    torrent = undefined; // damaged copy: fetch the metadata again
  }
  let storage: OpfsStorage | null = null;
  let current = torrent;
  const ready = new Map<number, ReadyFile>();
  const saveSelection = (): void => storeSelection(id, swarm.filePriorities);
  const swarm = new Swarm({
    filePriorities: loadSelection(id),
    ...(torrent ? { torrent } : { magnet: { ...(link.infoHashV1 ? { infoHashV1: link.infoHashV1 } : {}), ...(link.infoHashV2 ? { infoHashV2: link.infoHashV2 } : {}) }, parseInfo: parse }),
    storage: async (files) => (storage = openOpfsStorage(files, { root: dataRoot(id) })),
    probe: async (file) => (storage ? storage.size(file) : 0),
    // Verified in the hash pool's Web Workers (hasher-wasm), off the page's thread: the pool
    // copies a completed piece once into one of its recycled ArrayBuffers (up to four pieces per
    // buffer, hashed in the SIMD lanes), transfers it to the worker and gets it back with the
    // digests, so no per-piece garbage is left in either isolate (renderer RSS stays bounded:
    // tests/web/browser-cli.test.ts). The page thread keeps the wire, OPFS hand-off and UI. One
    // batch at a time (bounded-pool.ts), so receiving never starts more than one worker.
    hash: { pool: boundedHashPool(engine.pool), hasher },
    peerId: engine.peerId,
    limits: engine.wireLimits,
    uploadGate: engine.uploadGate,
    downloadGate: engine.downloadGate,
    clientName: 'Seedling web 0.1.0',
  });
  const unwatch = watchSwarm(swarm, onPatch, 500, true);
  const offs = [
    swarm.events.on('metadata', (t) => {
      timing('metadata');
      current = t;
      if (!saved) void opfsWriteSmall(infoPath(id), t.infoBytes).catch(() => undefined);
      onPatch({ name: t.name, length: t.files.reduce((n, f) => n + (f.pad ? 0 : f.length), 0), files: fileRows(t, swarm.filePriorities) });
      if (!swarm.complete) onPatch({ state: 'downloading' });
    }),
    swarm.events.on('checked', () => onPatch({ state: 'downloading' })),
    swarm.events.on('done', async (s) => {
      timing('done');
      await storage?.release();
      timing('released');
      const files = current ? await readyFiles(id, current, swarm.filePriorities, ready) : [];
      timing('files ready');
      // The selection may have grown while the files were looked up: still downloading then.
      if (swarm.complete) onPatch({ state: 'complete', verified: s.verified, wanted: s.wanted, wantedVerified: s.wantedVerified, files });
    }),
  ];
  /** After a selection change: the rows, and whether the download runs again. */
  const selectionChanged = (): void => {
    saveSelection();
    if (!current) return;
    const rows = fileRows(current, swarm.filePriorities);
    const stats = swarm.stats();
    // Files already complete keep their save links (their data does not change).
    for (const row of rows) {
      const r = ready.get(row.index!);
      if (row.selected && r) row.url = r.url;
    }
    onPatch({ files: rows, wanted: stats.wanted, wantedVerified: stats.wantedVerified, ...(swarm.complete ? {} : { state: 'downloading' }) });
  };
  const unregister = registerReceive(id, {
    select(index, selected) {
      swarm.setFilePriority(index, selected ? FILE_PRIORITY.normal : FILE_PRIORITY.skip);
      selectionChanged();
    },
    play(index) {
      if ((swarm.filePriorities[index] ?? 1) < FILE_PRIORITY.high) swarm.setFilePriority(index, FILE_PRIORITY.high);
      if (!ready.has(index)) swarm.streamFrom({ file: index });
      selectionChanged();
    },
    fileName: (index) => {
      const f = current?.files[index];
      return f && !f.pad ? (f.path[f.path.length - 1] ?? null) : null;
    },
    fileLength: (index) => {
      const f = current?.files[index];
      return f && !f.pad ? f.length : null;
    },
    open(index, start, end) {
      const f = current?.files[index];
      if (!f || f.pad) throw new Error(`no file ${index} in this transfer`);
      const done = ready.get(index);
      // A complete file streams from disk through its File (the swarm's storage may be released).
      if (done) return done.file.slice(start, end + 1).stream();
      const abort = new AbortController();
      let pos = start;
      return new ReadableStream<Uint8Array>(
        {
          async pull(c) {
            const len = Math.min(STREAM_CHUNK, end + 1 - pos);
            if (len <= 0) return c.close();
            // Waits for the pieces (and, while streaming, moves the sequential cursor here: a seek).
            const bytes = await swarm.read(f.offset + pos, len, abort.signal);
            pos += len;
            c.enqueue(bytes);
            if (pos > end) c.close();
          },
          cancel() {
            abort.abort();
          },
        },
        { highWaterMark: 0 },
      );
    },
  });
  onPatch({ state: torrent ? 'checking' : 'metadata' });
  const remove = engine.peers.add(swarm);
  timing('announce');
  // The storage's worker boots while the offers go out and the peer connection is set up, not
  // between the metadata and the first request (opfs-client.ts); started after the announce, so
  // its start-up does not delay the offers.
  if (!torrent) prestartOpfsWorker();
  await swarm.start();
  return {
    async stop() {
      unregister();
      unwatch();
      for (const off of offs) off();
      await remove();
      await swarm.stop();
    },
  };
}
