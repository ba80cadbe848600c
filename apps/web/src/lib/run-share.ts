/**
 * @module lib/run-share — share picked files from this tab: hash them into a hybrid v1+v2
 * torrent (in the worker pool, reading Blob slices), then seed them over WebRTC through the relay.
 * The .torrent is kept in OPFS so the transfers list knows it after a reload; the files
 * themselves are not copied (a reload asks for them again: see docs in the README).
 */
import { createTorrent, magnetFromMetainfo, Swarm, torrentFromMetainfo, type Metainfo } from '@seedling/core';
import { createBlobStorage, opfsWriteSmall } from '@seedling/core/browser';
import type { Engine } from './engine.js';
import { shareLinkFor } from './share-link.js';
import type { PickedFile } from './source-files.js';
import { shareShape } from './source-files.js';
import type { TransferPatch } from './transfer-types.js';
import { watchSwarm } from './watch-swarm.js';

/** A running transfer: stop it (keeps its data) when removed or the page goes away. */
export interface RunningTransfer {
  stop(): Promise<void>;
}

/**
 * Piece length for a share: about total/512, a power of two within 256 KiB … 4 MiB. Larger than
 * core's default for big files: each piece costs a hash-pool round trip, an OPFS write and a
 * `have` to every peer, and tab-to-tab throughput is bound by such per-piece work.
 */
export function sharePieceLength(total: number): number {
  let p = 256 * 1024;
  while (p < 4 * 1024 * 1024 && p * 512 < total) p *= 2;
  return p;
}

/** Hash `picked` into a torrent; reports `hashed` bytes. */
export async function hashShare(engine: Engine, picked: readonly PickedFile[], trackerUrl: string, onHashed: (bytes: number) => void, signal?: AbortSignal): Promise<{ metainfo: Metainfo; torrent: Uint8Array }> {
  const shape = shareShape(picked);
  return createTorrent(shape.files, await engine.hasher(), {
    version: 'hybrid',
    multiFile: shape.multiFile,
    name: shape.name,
    pieceLength: sharePieceLength(picked.reduce((n, p) => n + p.file.size, 0)),
    announce: [trackerUrl],
    pool: engine.pool,
    onProgress: onHashed,
    ...(signal ? { signal } : {}),
  });
}

/** Links for a torrent shared from `origin`. */
export function linksFor(metainfo: Metainfo, origin: string): { id: string; magnet: string; shareLink: string } {
  const magnet = magnetFromMetainfo(metainfo);
  return { id: (metainfo.infoHashV1Hex ?? metainfo.infoHashV2Hex)!, magnet, shareLink: shareLinkFor(origin, magnet) };
}

/** Seed `picked` (already hashed into `metainfo`). */
export async function seedShare(engine: Engine, metainfo: Metainfo, torrent: Uint8Array, picked: readonly PickedFile[], onPatch: (p: TransferPatch) => void): Promise<RunningTransfer> {
  const id = (metainfo.infoHashV1Hex ?? metainfo.infoHashV2Hex)!;
  await opfsWriteSmall(['torrents', `${id}.torrent`], torrent).catch(() => undefined);
  const swarm = new Swarm({
    torrent: torrentFromMetainfo(metainfo),
    storage: createBlobStorage(shareShape(picked).sources),
    hash: { hasher: await engine.hasher(), pool: engine.pool },
    assumeComplete: true,
    peerId: engine.peerId,
    limits: engine.wireLimits,
    uploadGate: engine.uploadGate,
    clientName: 'Seedling web 0.1.0',
  });
  const unwatch = watchSwarm(swarm, onPatch);
  // Started (complete) before it is announced: the relay peers treat an incomplete swarm as a
  // downloader, which re-announces every 15 s with fresh offers. A seeder's offer reaching a
  // receiver while that receiver's own offer is being answered opens a second link between the
  // same two tabs, and each side keeps the one whose handshake finished first there: when they
  // differ both links close and the receiver waits for the tunnel fallback (a 4.8 s first byte).
  await swarm.start();
  const remove = engine.peers.add(swarm);
  onPatch({ state: 'seeding', verified: metainfo.length, length: metainfo.length });
  return {
    async stop() {
      unwatch();
      await remove();
      await swarm.stop();
    },
  };
}
