import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { createPiecePicker } from './piece-picker.js';
import type { PiecePickerOptions } from './types.js';
import { setBit } from './bits.js';

const KB16 = 16384;

/** A bitfield with the given pieces set. */
function bits(n: number, pieces: Iterable<number>): Uint8Array {
  const bf = new Uint8Array(Math.ceil(n / 8));
  for (const p of pieces) setBit(bf, p);
  return bf;
}
const all = (n: number): Uint8Array => bits(n, Array.from({ length: n }, (_, i) => i));
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** Picker with 2 blocks per piece and seeded randomness. */
function picker(extra: Partial<PiecePickerOptions> = {}, seed = 1) {
  return createPiecePicker<string>({ pieceCount: 10, pieceLength: 2 * KB16, random: createRandom(seed), ...extra });
}
/** Receives and verifies every block of `piece`. */
function complete(p: ReturnType<typeof picker>, piece: number): void {
  for (let b = 0; b < p.blockCount(piece); b++) p.blockReceived('x', { piece, offset: b * KB16 });
  p.pieceVerified(piece);
}

describe('piece picker', () => {
  it('breaks rarity ties in piece order from a random origin, so a seed-only download writes adjacent pieces', () => {
    const n = 40;
    const p = createPiecePicker<string>({ pieceCount: n, pieceLength: 2 * KB16, random: createRandom(7), randomFirstPieces: 0 });
    p.addPeer(all(n));
    const pieces: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const r of p.nextRequests('a', all(n), 6)) if (r.offset === 0) pieces.push(r.piece);
    }
    expect(pieces.length).toBe(15);
    // Each new piece follows the one before it (wrapping), whatever the origin was.
    for (let k = 1; k < pieces.length; k++) expect(pieces[k]).toBe((pieces[k - 1]! + 1) % n);
    // Rarity still wins over order: a piece fewer peers have comes first.
    const q = createPiecePicker<string>({ pieceCount: n, pieceLength: 2 * KB16, random: createRandom(7), randomFirstPieces: 0 });
    q.addPeer(all(n));
    q.addPeer(bits(n, range(0, n).filter((i) => i !== 33)));
    expect(q.nextRequests('a', all(n), 1)[0]!.piece).toBe(33);
  });

  it('leaves its in-order run for a random rarest piece when the run reaches a stretch another peer has', () => {
    // Two downloaders of one seeder each walk the torrent in order from their own origin; when
    // ours reaches the other's stretch (more available) it must not continue at the other's
    // front, where the other is fetching the same pieces from the same seeder (issue 8).
    const n = 64;
    const first = 20;
    const front = first + 11; // the other holds first+1 .. first+10 and fetches from first+11 on
    const seen = new Set<number>();
    for (let round = 0; round < 8; round++) {
      const q = createPiecePicker<string>({ pieceCount: n, pieceLength: KB16, random: createRandom(100 + round), randomFirstPieces: 0 });
      q.addPeer(all(n));
      expect(q.nextRequests('seed', bits(n, [first]), 1)[0]!.piece).toBe(first); // our run starts here
      // Before the other's stretch is announced, the run goes on in order.
      const ahead = createPiecePicker<string>({ pieceCount: n, pieceLength: KB16, random: createRandom(100 + round), randomFirstPieces: 0 });
      ahead.addPeer(all(n));
      ahead.nextRequests('seed', bits(n, [first]), 1);
      expect(ahead.nextRequests('seed', all(n), 1)[0]!.piece).toBe(first + 1);
      for (let k = 1; k <= 10; k++) q.peerHave(first + k);
      const next = q.nextRequests('seed', all(n), 1)[0]!.piece;
      expect(q.availability.count(next)).toBe(1); // still among the rarest
      seen.add(next);
    }
    expect(seen.has(front)).toBe(false);
    expect(seen.size).toBeGreaterThan(3); // a random jump, not a fixed place
  });

  it('splits pieces into 16 KiB blocks with a short last block and piece', () => {
    const p = createPiecePicker<string>({ pieceCount: 3, pieceLength: 40_000, totalLength: 90_000, randomFirstPieces: 0 });
    p.setSequential(0);
    const reqs = p.nextRequests('a', all(3), 100);
    expect(reqs).toEqual([
      { piece: 0, offset: 0, length: KB16 },
      { piece: 0, offset: KB16, length: KB16 },
      { piece: 0, offset: 2 * KB16, length: 40_000 - 2 * KB16 },
      { piece: 1, offset: 0, length: KB16 },
      { piece: 1, offset: KB16, length: KB16 },
      { piece: 1, offset: 2 * KB16, length: 40_000 - 2 * KB16 },
      { piece: 2, offset: 0, length: 10_000 },
    ]);
  });

  it('random first: before N pieces are complete, picks vary regardless of rarity', () => {
    const chosen = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const p = picker({ randomFirstPieces: 4 }, seed);
      p.addPeer(all(10));
      p.addPeer(bits(10, range(0, 9))); // piece 9 is the rarest
      chosen.add(p.nextRequests('a', all(10), 1)[0]!.piece);
    }
    expect(chosen.size).toBeGreaterThan(3);
  });

  it('rarest first once N pieces are complete', () => {
    const p = picker({ randomFirstPieces: 2 });
    p.addPeer(all(10));
    p.addPeer(bits(10, range(0, 7))); // 7, 8, 9 have count 1; the rest 2
    complete(p, 0);
    complete(p, 1);
    const firstPieces = new Set(p.nextRequests('a', all(10), 6).map((r) => r.piece));
    expect(firstPieces).toEqual(new Set([7, 8, 9]));
    // then the next rarest are the count-2 pieces
    expect(p.nextRequests('b', all(10), 1)[0]!.piece).toBeLessThan(7);
  });

  it('breaks rarity ties randomly, so peers do not all start on the same piece', () => {
    const firsts = new Set<number>();
    for (let seed = 1; seed <= 30; seed++) {
      const p = picker({ randomFirstPieces: 0 }, seed);
      p.addPeer(all(10));
      firsts.add(p.nextRequests('a', all(10), 1)[0]!.piece);
    }
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('finishes partial pieces before starting rarer ones', () => {
    const p = picker({ randomFirstPieces: 0 });
    p.addPeer(all(10));
    const [first] = p.nextRequests('a', all(10), 1);
    p.addPeer(bits(10, [(first!.piece + 1) % 10])); // make another piece the rarest... for peers having it
    const next = p.nextRequests('b', all(10), 1);
    expect(next).toEqual([{ piece: first!.piece, offset: KB16, length: KB16 }]);
  });

  it('never requests pieces we have, pieces the peer lacks, or blocks already requested', () => {
    const p = picker({ have: bits(10, [0, 1, 2]) });
    p.addPeer(all(10));
    const a = p.nextRequests('a', bits(10, [1, 2, 3, 4]), 10);
    expect(a.map((r) => r.piece).sort()).toEqual([3, 3, 4, 4]);
    expect(p.nextRequests('b', bits(10, [1, 2, 3, 4]), 10)).toEqual([]); // all requested, but not endgame
    expect(p.isEndgame()).toBe(false);
    expect(p.haveCount).toBe(3);
  });

  it('endgame: duplicates to other peers once everything is requested, cancels on arrival', () => {
    const p = createPiecePicker<string>({ pieceCount: 2, pieceLength: 2 * KB16, have: bits(2, [0]) });
    const peerHas = all(2);
    expect(p.nextRequests('a', peerHas, 5)).toHaveLength(2);
    expect(p.isEndgame()).toBe(true);
    const dup = p.nextRequests('b', peerHas, 5);
    expect(dup).toEqual([
      { piece: 1, offset: 0, length: KB16 },
      { piece: 1, offset: KB16, length: KB16 },
    ]);
    expect(p.nextRequests('a', peerHas, 5)).toEqual([]); // never twice to the same peer
    expect(p.nextRequests('c', peerHas, 5)).toEqual([]); // nor to more than two peers at once
    const r = p.blockReceived('b', { piece: 1, offset: KB16 });
    expect(r).toEqual({ accepted: true, requested: true, pieceComplete: false, cancel: [{ peer: 'a', piece: 1, offset: KB16, length: KB16 }] });
    expect(p.blockReceived('a', { piece: 1, offset: KB16 }).accepted).toBe(false); // the late duplicate
    expect(p.outstanding('a')).toBe(1);
    const last = p.blockReceived('a', { piece: 1, offset: 0 });
    expect(last.pieceComplete).toBe(true);
    expect(last.cancel).toEqual([{ peer: 'b', piece: 1, offset: 0, length: KB16 }]);
    expect(p.pieceVerified(1)).toEqual([]);
    expect(p.isComplete()).toBe(true);
    expect(p.isEndgame()).toBe(false);
  });

  it('sequential mode: in order from the cursor, wrapping, started pieces included', () => {
    const p = picker();
    p.setSequential(7);
    const pieces = p.nextRequests('a', all(10), 8).map((r) => r.piece);
    expect(pieces).toEqual([7, 7, 8, 8, 9, 9, 0, 0]);
    p.setSequential(null);
    expect(p.nextRequests('b', all(10), 1)[0]!.piece).not.toBe(7);
  });

  it('file selection: skips pieces of unselected files, keeps shared boundary pieces', () => {
    // pieces of 32 KiB; files: [0, 40000) [40000, 100000) [100000, 327680)
    const p = picker();
    p.setFilePriorities(
      [
        { offset: 0, length: 40_000 },
        { offset: 40_000, length: 60_000 },
        { offset: 100_000, length: 227_680 },
      ],
      [0, 1, 0],
    );
    const pieces = new Set(p.nextRequests('a', all(10), 100).map((r) => r.piece));
    expect(pieces).toEqual(new Set([1, 2, 3])); // 40000..99999 spans pieces 1 (32768..) to 3 (..131071)
    for (const i of [1, 2, 3]) complete(p, i);
    expect(p.isComplete()).toBe(true);
  });

  it('file priorities: higher priority pieces first; pad files never make a piece wanted', () => {
    const p = picker({ randomFirstPieces: 0 });
    p.addPeer(all(10));
    p.setFilePriorities(
      [
        { offset: 0, length: 5 * 2 * KB16 },
        { offset: 5 * 2 * KB16, length: 2 * KB16, pad: true },
        { offset: 6 * 2 * KB16, length: 4 * 2 * KB16 },
      ],
      [1, 7, 3],
    );
    const order = p.nextRequests('a', all(10), 20).map((r) => r.piece);
    expect(new Set(order.slice(0, 8))).toEqual(new Set([6, 7, 8, 9]));
    expect(order.slice(8).every((i) => i < 5)).toBe(true);
    expect(order).not.toContain(5);
  });

  it('a piece failing its hash check names its contributors and is requested again', () => {
    const p = picker({ pieceCount: 1, totalLength: 2 * KB16 });
    const [r1, r2] = p.nextRequests('a', all(1), 1).concat(p.nextRequests('b', all(1), 1));
    p.blockReceived('a', r1!);
    expect(p.blockReceived('b', r2!).pieceComplete).toBe(true);
    expect(p.pieceFailed(0).sort()).toEqual(['a', 'b']);
    expect(p.nextRequests('c', all(1), 5)).toHaveLength(2);
  });

  it('releasing a choking or leaving peer makes its blocks available to others', () => {
    const p = picker({ pieceCount: 1, totalLength: 2 * KB16 });
    p.addPeer(all(1));
    const mine = p.nextRequests('a', all(1), 5);
    expect(p.nextRequests('b', all(1), 5)).toEqual(mine); // endgame duplicates...
    p.releasePeer('b');
    expect(p.cancelRequest('a', mine[0]!)).toBe(true); // a timed-out request
    expect(p.cancelRequest('a', mine[0]!)).toBe(false);
    // c gets the freed block, then (endgame again) a duplicate of a's remaining one
    expect(p.nextRequests('c', all(1), 5)).toEqual([mine[0], mine[1]]);
    expect(p.removePeer('a', all(1))).toEqual([mine[1]]);
    expect(p.availability.count(0)).toBe(0);
    expect(p.outstanding('a')).toBe(0);
  });

  it('supports per-piece sizes (pure v2: each file ends in a short piece)', () => {
    const sizes = [32768, 100, 32768, 5000];
    const p = createPiecePicker<string>({ pieceCount: 4, pieceLength: 32768, pieceSize: (i) => sizes[i]! });
    p.setSequential(0);
    expect(p.nextRequests('a', all(4), 10).map((r) => [r.piece, r.length])).toEqual([
      [0, KB16],
      [0, KB16],
      [1, 100],
      [2, KB16],
      [2, KB16],
      [3, 5000],
    ]);
  });

  it('counts availability from bitfields and haves', () => {
    const p = picker();
    p.addPeer(bits(10, [1, 2]));
    p.peerHave(2);
    p.peerHave(9);
    expect([1, 2, 9, 0].map((i) => p.availability.count(i))).toEqual([1, 2, 1, 0]);
    p.removePeer('z', bits(10, [1, 2]));
    expect([1, 2, 9].map((i) => p.availability.count(i))).toEqual([0, 1, 1]);
  });

  it('refuses bad input with typed errors', () => {
    expect(() => createPiecePicker({ pieceCount: 3, pieceLength: 10, totalLength: 50 })).toThrow(expect.objectContaining({ code: 'PICKER_BAD_OPTIONS' }));
    const p = picker();
    expect(() => p.nextRequests('a', new Uint8Array(1), 1)).toThrow(expect.objectContaining({ code: 'PICKER_BAD_BITFIELD' }));
    expect(() => p.blockReceived('a', { piece: 10, offset: 0 })).toThrow(expect.objectContaining({ code: 'PICKER_OUT_OF_RANGE' }));
    expect(() => p.blockReceived('a', { piece: 0, offset: 100 })).toThrow(expect.objectContaining({ code: 'PICKER_OUT_OF_RANGE', name: 'PickerError' }));
  });
});
