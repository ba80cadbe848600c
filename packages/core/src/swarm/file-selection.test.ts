/**
 * @module swarm/file-selection.test — the selection's pure parts: file priorities onto pieces
 * (shared boundary pieces stay wanted), where streaming starts, and the scheduler's interest,
 * completion and wanted bytes under a selection.
 */
import { describe, expect, it } from 'vitest';
import { Bitfield } from '../bitfield/bitfield.js';
import { piecePriorities, piecesOfRange, sequentialPiece } from './file-selection.js';
import type { PeerConnection } from './peer-connection.js';
import { createPieceLayout } from './piece-layout.js';
import { RequestScheduler } from './request-scheduler.js';
import type { SwarmTorrent } from './types.js';

const P = 32768;
/** Three files back to back (v1): a = pieces 0–1 (ends inside 1), b = 1–3, c = 3–4. */
const torrent: SwarmTorrent = {
  name: 't',
  pieceLength: P,
  pieceCount: 5,
  length: 150_000,
  piecesV1: new Uint8Array(100),
  infoBytes: new Uint8Array(0),
  files: [
    { path: ['a'], length: 40_000, offset: 0 },
    { path: ['b'], length: 70_000, offset: 40_000 },
    { path: ['c'], length: 40_000, offset: 110_000 },
  ],
};

const peerWith = (pieces: number[]): PeerConnection => {
  const have = new Bitfield(5);
  for (const i of pieces) have.set(i);
  return { have, allowedFast: new Set<number>() } as unknown as PeerConnection;
};

describe('file selection', () => {
  it('maps file priorities onto pieces: a piece takes its most important file, shared pieces stay wanted', () => {
    expect([...piecePriorities(torrent, [1, 0, 0])]).toEqual([1, 1, 0, 0, 0]);
    expect([...piecePriorities(torrent, [0, 7, 0])]).toEqual([0, 7, 7, 7, 0]);
    expect([...piecePriorities(torrent, [0, 1, 7])]).toEqual([0, 1, 1, 7, 7]);
    expect([...piecePriorities(torrent, [])]).toEqual([1, 1, 1, 1, 1]);
  });

  it('finds where streaming starts and which pieces a range needs', () => {
    expect(sequentialPiece(torrent, { file: 1 })).toBe(1);
    expect(sequentialPiece(torrent, { file: 1, offset: 60_000 })).toBe(3);
    expect(sequentialPiece(torrent, { file: 2, offset: 1e9 })).toBe(4); // clamped to the file's end
    expect(sequentialPiece(torrent, { byte: 1e9 })).toBe(4);
    expect(() => sequentialPiece(torrent, { file: 3 })).toThrow(expect.objectContaining({ code: 'SWARM_BAD_SELECTION' }));
    expect(piecesOfRange(torrent, P - 1, 2)).toEqual({ first: 0, last: 1 });
    expect(piecesOfRange(torrent, P, P)).toEqual({ first: 1, last: 1 });
  });

  it('the scheduler wants, requests and completes only the selected pieces', () => {
    const layout = createPieceLayout(torrent);
    const have = new Bitfield(5);
    const sch = new RequestScheduler(layout, have, () => 0.5);
    expect(sch.wantedBytes).toBe(150_000);
    sch.setPriorities(piecePriorities(torrent, [1, 0, 0]));
    expect(sch.wantedBytes).toBe(2 * P);
    const skippedOnly = peerWith([2, 3, 4]);
    expect(sch.isInteresting(skippedOnly)).toBe(false);
    expect(sch.pick(skippedOnly, 100)).toEqual([]);
    const seed = peerWith([0, 1, 2, 3, 4]);
    expect(sch.isInteresting(seed)).toBe(true);
    const refs = sch.pick(seed, 100);
    expect(new Set(refs.map((r) => r.index))).toEqual(new Set([0, 1]));
    expect(sch.complete).toBe(false);
    for (const i of [0, 1]) {
      sch.onPieceVerified(i);
      have.set(i);
    }
    expect(sch.complete).toBe(true);
    expect(sch.wantedVerifiedBytes()).toBe(2 * P);
    expect(sch.isInteresting(seed)).toBe(false);
    // The selection grows: not complete any more, interested again, in stream order from piece 3.
    sch.setPriorities(piecePriorities(torrent, [1, 1, 1]));
    expect(sch.complete).toBe(false);
    expect(sch.isInteresting(seed)).toBe(true);
    sch.setSequential(3);
    expect(sch.pick(seed, 2)[0]!.index).toBe(3);
  });
});
