/**
 * @module lib/run-receive — receive a magnet into OPFS: metadata over ut_metadata (or from OPFS
 * after a reload), pieces written as they are verified, a resume check on start (only missing
 * pieces are fetched), and, once complete, each file offered as a disk-backed File to save.
 */
import { parseInfoDict, parseMagnet, Swarm, torrentFromMetainfo, type SwarmTorrent } from '@seedling/core';
import { openOpfsStorage, opfsFile, opfsReadSmall, opfsWriteSmall, type OpfsStorage } from '@seedling/core/browser';
import type { Engine } from './engine.js';
import type { RunningTransfer } from './run-share.js';
import type { TransferFile, TransferPatch } from './transfer-types.js';
import { watchSwarm } from './watch-swarm.js';

/** OPFS folder of a received transfer's data. */
export const dataRoot = (id: string): string[] => ['data', id];
/** OPFS path of a received transfer's info dict (kept for resume without peers). */
export const infoPath = (id: string): string[] => ['torrents', `${id}.info`];

/** Object URLs of the complete files (disk-backed Files: saving streams from disk). */
async function readyFiles(id: string, t: SwarmTorrent): Promise<TransferFile[]> {
  const out: TransferFile[] = [];
  for (const f of t.files) {
    if (f.pad) continue;
    const file = await opfsFile([...dataRoot(id), ...f.path]).catch(() => null);
    out.push({ path: [...f.path], length: f.length, ...(file ? { url: URL.createObjectURL(file) } : {}) });
  }
  return out;
}

/** Start (or resume) receiving `magnet` as transfer `id`. */
export async function runReceive(engine: Engine, id: string, magnet: string, onPatch: (p: TransferPatch) => void): Promise<RunningTransfer> {
  const link = parseMagnet(magnet);
  const hasher = await engine.hasher();
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
  const swarm = new Swarm({
    ...(torrent ? { torrent } : { magnet: { ...(link.infoHashV1 ? { infoHashV1: link.infoHashV1 } : {}), ...(link.infoHashV2 ? { infoHashV2: link.infoHashV2 } : {}) }, parseInfo: parse }),
    storage: async (files) => (storage = openOpfsStorage(files, { root: dataRoot(id) })),
    probe: async (file) => (storage ? storage.size(file) : 0),
    // Verified on this thread, in place: handing each received piece to the hash worker copies it
    // into a second isolate whose garbage buffers pile up between its rare collections (renderer
    // RSS); hashing a piece costs a few ms of wasm here.
    hash: { hasher },
    peerId: engine.peerId,
    uploadGate: engine.uploadGate,
    downloadGate: engine.downloadGate,
    clientName: 'Seedling web 0.1.0',
  });
  const unwatch = watchSwarm(swarm, onPatch);
  const offs = [
    swarm.events.on('metadata', (t) => {
      current = t;
      if (!saved) void opfsWriteSmall(infoPath(id), t.infoBytes).catch(() => undefined);
      onPatch({ name: t.name, length: t.files.reduce((n, f) => n + (f.pad ? 0 : f.length), 0), files: t.files.filter((f) => !f.pad).map((f) => ({ path: [...f.path], length: f.length })) });
      if (!swarm.complete) onPatch({ state: 'downloading' });
    }),
    swarm.events.on('checked', () => onPatch({ state: 'downloading' })),
    swarm.events.on('done', async (s) => {
      await storage?.release();
      onPatch({ state: 'complete', verified: s.verified, files: current ? await readyFiles(id, current) : [] });
    }),
  ];
  onPatch({ state: torrent ? 'checking' : 'metadata' });
  const remove = engine.peers.add(swarm);
  await swarm.start();
  return {
    async stop() {
      unwatch();
      for (const off of offs) off();
      await remove();
      await swarm.stop();
    },
  };
}
