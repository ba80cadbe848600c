import { describe, expect, it } from 'vitest';
import { createRequestTracker, requestQueueDepth } from './request-pipeline.js';
import { createPiecePicker } from './piece-picker.js';

describe('request queue depth', () => {
  it.each([
    [0, 4],
    [NaN, 4],
    [100_000, 4], // 0.5 s × 100 kB/s = 3.05 blocks → min 4
    [1_000_000, 31], // 500 000 / 16384 = 30.5
    [10_000_000, 250], // 305 → clamped
    [Infinity, 4], // no measurement to trust
  ])('rate %d B/s → depth %d', (rate, depth) => {
    expect(requestQueueDepth(rate)).toBe(depth);
  });

  it('honours custom target and bounds', () => {
    expect(requestQueueDepth(1_000_000, { targetSeconds: 2, max: 100 })).toBe(100);
    expect(requestQueueDepth(16384, { targetSeconds: 1, min: 1 })).toBe(1);
  });
});

describe('request tracker', () => {
  const r = (piece: number, offset = 0) => ({ piece, offset, length: 16384 });

  it('expires every request of a stalled peer, not those of a peer making progress', () => {
    const t = createRequestTracker<string>({ stallMs: 10_000, maxAgeMs: 60_000 });
    t.add('slow', r(1), 0);
    t.add('slow', r(2), 0);
    t.add('busy', r(3), 0);
    t.add('busy', r(4), 0);
    expect(t.remove('busy', r(3), 9_000)).toBe(true);
    expect(t.expired(9_999)).toEqual([]);
    const gone = t.expired(10_000);
    expect(gone.map((g) => [g.peer, g.piece])).toEqual([
      ['slow', 1],
      ['slow', 2],
    ]);
    expect(t.count('slow')).toBe(0);
    expect(t.count('busy')).toBe(1);
    expect(t.expired(18_999)).toEqual([]);
    expect(t.expired(19_000).map((g) => g.piece)).toEqual([4]);
  });

  it('expires a single request the peer ignores while sending others', () => {
    const t = createRequestTracker<string>({ stallMs: 10_000, maxAgeMs: 30_000 });
    t.add('p', r(1), 0);
    for (let s = 1; s <= 40; s++) {
      t.add('p', r(100 + s), s * 1000 - 500);
      t.remove('p', r(100 + s), s * 1000);
    }
    expect(t.expired(29_999)).toEqual([]);
    expect(t.expired(30_000)).toEqual([{ peer: 'p', piece: 1, offset: 0, length: 16384 }]);
  });

  it('timed-out requests go back to the picker and are requested from another peer', () => {
    const picker = createPiecePicker<string>({ pieceCount: 1, pieceLength: 16384, randomFirstPieces: 0 });
    const tracker = createRequestTracker<string>({ stallMs: 5_000 });
    const has = Uint8Array.from([0x80]);
    for (const req of picker.nextRequests('slow', has, 4)) tracker.add('slow', req, 0);
    expect(picker.isEndgame()).toBe(true); // the only block is requested from the slow peer
    for (const req of tracker.expired(5_000)) expect(picker.cancelRequest(req.peer, req)).toBe(true);
    expect(picker.isEndgame()).toBe(false);
    expect(picker.outstanding('slow')).toBe(0);
    expect(picker.nextRequests('other', has, 4)).toEqual([{ piece: 0, offset: 0, length: 16384 }]);
  });

  it('removePeer returns what the peer still owed', () => {
    const t = createRequestTracker<string>();
    t.add('a', r(1), 0);
    t.add('a', r(2, 16384), 0);
    expect(t.removePeer('a').map((x) => [x.piece, x.offset])).toEqual([
      [1, 0],
      [2, 16384],
    ]);
    expect(t.remove('a', r(1))).toBe(false);
  });
});
