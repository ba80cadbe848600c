/**
 * @module swarm/file-selection — which files a swarm downloads, and in what order.
 *
 * Per-file priorities (0 = skip, 1 = normal, higher first, up to 255) become piece priorities:
 * a piece is as important as the most important file it overlaps, so a piece shared by a
 * selected and a skipped file is fetched whole (it is verified as a whole, BEP 3). Pad files
 * (BEP 47) never make a piece wanted. The swarm's interest, completion (`done`) and wanted-byte
 * figures follow the selection; what is held is still served to peers.
 *
 * Streaming picks pieces in order from a cursor (the picker's sequential mode) instead of rarest
 * first; a read of a range that is not verified yet moves the cursor to it (a media seek).
 */
import { piecePrioritiesFromFiles } from '../picker/file-priority.js';
import { SwarmError } from './errors.js';
import { blockKey } from './peer-connection.js';
import type { Swarm } from './swarm.js';
import type { SwarmTorrent } from './types.js';

/** Named file priorities (any integer 0..255 is accepted). */
export const FILE_PRIORITY = { skip: 0, normal: 1, high: 7 } as const;

/** Where sequential picking starts: a file (and a byte offset inside it), or a torrent byte offset. */
export type SequentialFrom = { readonly file: number; readonly offset?: number } | { readonly byte: number };

/** Clamp a priority to 0..255 (non-numbers count as normal). */
export function clampPriority(p: number): number {
  return Number.isFinite(p) ? Math.max(0, Math.min(255, Math.floor(p))) : FILE_PRIORITY.normal;
}

/** Piece priorities of `t` for per-file `priorities` (missing entries: normal). */
export function piecePriorities(t: SwarmTorrent, priorities: readonly number[]): Uint8Array {
  return piecePrioritiesFromFiles(t.files, priorities, t.pieceCount, t.pieceLength);
}

/**
 * Push the swarm's file priorities into its scheduler, then re-evaluate interest (BEP 3
 * interested / not-interested) with every peer, and completion: a selection that is all
 * verified finishes (emits `done`); one that grows again makes the swarm download again.
 */
export function applySelection(s: Swarm): void {
  if (!s.scheduler || !s.torrent) return;
  s.scheduler.setPriorities(piecePriorities(s.torrent, s.filePriorities));
  if (!s.complete) s.doneEmitted = false;
  for (const peer of s.peers) s.updateInterest(peer);
  if (s.complete) void s.finish();
}

/**
 * Blocks a peer may have queued ahead of the cursor's piece before a move of the cursor (Play,
 * a seek) cancels its queue: 8 blocks, 128 KiB. Without this, the pipeline filled before (up to
 * hundreds of blocks in rarest-first order, many seconds on a slow peer) is served first and
 * playback waits for all of it.
 */
const MAX_QUEUED_AHEAD = 8;

/**
 * The cursor moved to `piece`: from each peer whose queue holds more than
 * {@link MAX_QUEUED_AHEAD} blocks before the cursor piece's first, cancel (BEP 3 `cancel`) the
 * requests outside the cursor's piece and the next, and refill in sequential order. Blocks
 * already on the wire arrive late and are dropped (`PeerConnection.released`).
 */
export function refocusRequests(s: Swarm, piece: number): void {
  if (!s.scheduler) return;
  for (const peer of s.peers) {
    let position = 0;
    let ahead = Infinity;
    for (const ref of peer.outstanding.values()) {
      if (ref.index === piece) {
        ahead = position;
        break;
      }
      position++;
    }
    if (ahead <= MAX_QUEUED_AHEAD || peer.outstanding.size <= MAX_QUEUED_AHEAD) continue;
    for (const ref of [...peer.outstanding.values()]) {
      if (ref.index === piece || ref.index === piece + 1) continue;
      peer.release(blockKey(ref.index, ref.begin));
      s.scheduler.onRequestDropped(peer, ref);
      peer.send({ type: 'cancel', index: ref.index, begin: ref.begin, length: ref.length });
    }
    s.fillRequests(peer);
  }
}

/** The piece where sequential picking starts for `from` (clamped to the torrent). */
export function sequentialPiece(t: SwarmTorrent, from: SequentialFrom): number {
  let byte: number;
  if ('file' in from) {
    const f = t.files[from.file];
    if (!f) throw new SwarmError('SWARM_BAD_SELECTION', `file ${from.file} is not in the torrent (${t.files.length} files)`);
    byte = f.offset + Math.max(0, Math.min(f.length > 0 ? f.length - 1 : 0, from.offset ?? 0));
  } else {
    byte = from.byte;
  }
  return Math.max(0, Math.min(t.pieceCount - 1, Math.floor(byte / t.pieceLength)));
}

/** Pieces covering bytes [offset, offset + length) of the torrent byte space. */
export function piecesOfRange(t: SwarmTorrent, offset: number, length: number): { first: number; last: number } {
  return { first: Math.floor(offset / t.pieceLength), last: Math.floor((offset + Math.max(1, length) - 1) / t.pieceLength) };
}

/**
 * Wait until every piece covering [offset, offset + length) is verified, then read the bytes
 * from storage. While the swarm streams (sequential picking), the cursor moves to the first
 * missing piece of the range. Throws `SWARM_BAD_SELECTION` for a range outside the torrent or
 * touching a piece no selected file needs (it would never arrive), `SWARM_STOPPED` when the
 * swarm stops or `signal` aborts.
 */
export async function readRange(s: Swarm, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
  const t = s.torrent;
  if (!t || !s.have || !s.scheduler || !s.storage) throw new SwarmError('SWARM_BAD_SELECTION', 'the torrent is not known yet (metadata)');
  if (!(offset >= 0) || !(length >= 0) || offset + length > t.length) {
    throw new SwarmError('SWARM_BAD_SELECTION', `range ${offset}+${length} is outside the torrent (${t.length} bytes)`);
  }
  if (length === 0) return new Uint8Array(0);
  const { first, last } = piecesOfRange(t, offset, length);
  const missing = (): number => {
    for (let i = first; i <= last; i++) if (!s.have!.get(i)) return i;
    return -1;
  };
  for (let i = first; i <= last; i++) {
    if (!s.have.get(i) && s.scheduler.priority(i) === 0) {
      throw new SwarmError('SWARM_BAD_SELECTION', `piece ${i} belongs to no selected file`);
    }
  }
  const gap = missing();
  if (gap >= 0) {
    if (s.sequential !== null) s.streamFrom({ byte: gap * t.pieceLength });
    await new Promise<void>((resolve, reject) => {
      const stopped = (): void => {
        done();
        reject(new SwarmError('SWARM_STOPPED', 'read aborted: the swarm stopped or the reader gave up'));
      };
      const off = s.events.on('piece', () => {
        if (missing() < 0) {
          done();
          resolve();
        }
      });
      const done = (): void => {
        off();
        s.signal.removeEventListener('abort', stopped);
        signal?.removeEventListener('abort', stopped);
      };
      if (s.signal.aborted || signal?.aborted) return stopped();
      s.signal.addEventListener('abort', stopped, { once: true });
      signal?.addEventListener('abort', stopped, { once: true });
    });
  }
  return s.storage.read(offset, length);
}
