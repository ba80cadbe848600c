import { describe, expect, it } from 'vitest';
import { Bitfield } from '../bitfield/bitfield.js';
import type { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';
import { RequestScheduler } from './request-scheduler.js';

const PIECE = 4 * 16384;

/** One 64 KiB piece (4 blocks). */
const layout: PieceLayout = {
  pieceCount: 1,
  pieceLength: PIECE,
  size: () => PIECE,
  offset: () => 0,
  blocks: () => 4,
  blockSize: () => 16384,
  wireSize: () => PIECE,
  wireLength: PIECE,
  inMultiPieceFile: () => false,
  totalBytes: PIECE,
};

/** The scheduler reads only a peer's bitfield and allowed-fast set, and uses the peer as a key. */
function seedPeer(): PeerConnection {
  return { have: Bitfield.full(1), allowedFast: new Set<number>() } as unknown as PeerConnection;
}

describe('RequestScheduler suspect pieces (smart ban retries)', () => {
  it('without a mark, two peers share a piece', () => {
    const sch = new RequestScheduler(layout, new Bitfield(1), () => 0.5);
    const [a, b] = [seedPeer(), seedPeer()];
    expect(sch.pick(a, 1)).toHaveLength(1);
    expect(sch.pick(b, 4).length).toBeGreaterThan(0);
  });

  it('a suspect piece goes to one peer until that peer leaves or drops a request, then to the next', () => {
    const sch = new RequestScheduler(layout, new Bitfield(1), () => 0.5);
    const [a, b] = [seedPeer(), seedPeer()];
    sch.markSuspect(0);
    expect(sch.pick(a, 1)).toHaveLength(1); // a owns piece 0 now
    expect(sch.pick(b, 4)).toEqual([]); // not even endgame copies for b
    expect(sch.pick(a, 4)).toHaveLength(3);
    sch.removePeer(a, a.have);
    expect(sch.pick(b, 4)).toHaveLength(4); // a's requests came back, and b owns it now
    const c = seedPeer();
    expect(sch.pick(c, 4)).toEqual([]);
    // The owner gave a request up (reject, timeout, choke): the next peer that asks owns the piece
    // (and gets endgame copies of the blocks the old owner still holds).
    sch.onRequestDropped(b, { index: 0, begin: 0, length: 16384 });
    expect(sch.pick(c, 4).map((r) => r.begin)).toContain(0);
    expect(sch.pick(a, 4)).toEqual([]);
  });

  it('a failed suspect piece is handed to the next peer that asks', () => {
    const sch = new RequestScheduler(layout, new Bitfield(1), () => 0.5);
    const [a, b] = [seedPeer(), seedPeer()];
    sch.markSuspect(0);
    const refs = sch.pick(a, 4);
    let done;
    for (const r of refs) done = sch.onBlock(a, r.index, r.begin, new Uint8Array(r.length)).complete ?? done;
    expect(done?.senders.size).toBe(4);
    sch.onPieceFailed(0);
    expect(sch.pick(b, 4)).toHaveLength(4);
    expect(sch.pick(a, 4)).toEqual([]);
  });
});

describe('RequestScheduler pieces a peer rejected (BEP 6)', () => {
  it('are asked of other peers until the deadline, then of that peer again', () => {
    const sch = new RequestScheduler(layout, new Bitfield(1), () => 0.5);
    const [a, b] = [seedPeer(), seedPeer()];
    const [first] = sch.pick(a, 1, false, false, 0);
    sch.onRequestDropped(a, first!);
    sch.avoid(a, 0, 2000);
    expect(sch.pick(a, 4, false, false, 1000)).toEqual([]);
    expect(sch.pick(b, 4, false, false, 1000)).toHaveLength(4);
    sch.removePeer(b, b.have);
    expect(sch.pick(a, 4, false, false, 2000)).toHaveLength(4);
  });
});
