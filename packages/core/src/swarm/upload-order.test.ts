import { describe, expect, it } from 'vitest';
import type { BlockRef } from '../wire/messages.js';
import { HOLD_POLL_MS, MAX_BYPASS, MAX_HOLD_MS, UploadOrder } from './upload-order.js';

const PIECE = 4 * 16384;
const blocks = (index: number): BlockRef[] => Array.from({ length: 4 }, (_, b) => ({ index, begin: b * 16384, length: 16384 }));
const peer = (fast = true, incoming: BlockRef[] = []) => ({ fast, incoming });

/** Serve `p`'s first request (as the upload server does after next). */
function serve(order: UploadOrder<ReturnType<typeof peer>>, p: ReturnType<typeof peer>): BlockRef {
  const r = p.incoming.shift()!;
  order.noteSent(p, r.index, r.length);
  return r;
}

describe('UploadOrder', () => {
  it('keeps FIFO for a lone peer (full rate to one downloader)', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(3), ...blocks(1), ...blocks(5)]);
    const served: number[] = [];
    while (a.incoming.length > 0) {
      expect(order.next(a, () => false, 0).rejects).toEqual([]);
      served.push(serve(order, a).index);
    }
    expect(served).toEqual([3, 3, 3, 3, 1, 1, 1, 1, 5, 5, 5, 5]);
  });

  it('serves first the pieces not yet sent to other peers', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(0), ...blocks(1)]);
    const b = peer(false, [...blocks(0), ...blocks(2)]);
    order.next(a, () => false, 0);
    expect(serve(order, a).index).toBe(0);
    // Piece 0 is going to a: b gets piece 2 first.
    order.next(b, () => false, 0);
    expect(serve(order, b).index).toBe(2);
    // a keeps finishing its own piece 0 (bytes sent to a itself do not count against it).
    order.next(a, () => false, 0);
    expect(serve(order, a)).toEqual({ index: 0, begin: 16384, length: 16384 });
  });

  it('rejects a piece sent whole to others that another peer holds, once, and only to fast peers', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, blocks(0));
    while (a.incoming.length > 0) serve(order, a);
    const b = peer(true, [...blocks(0), ...blocks(4)]);
    const rejected = order.next(b, (i) => i === 0, 0).rejects;
    expect(rejected.map((r) => r.index)).toEqual([0, 0, 0, 0]);
    expect(b.incoming.map((r) => r.index)).toEqual([4, 4, 4, 4]);
    // Asked again: served (never rejected twice), after the better piece.
    b.incoming.push(...blocks(0));
    expect(order.next(b, (i) => i === 0, 0).rejects).toEqual([]);
    expect(b.incoming.length).toBe(8);

    // Not fast: no reject, only later.
    const c = peer(false, [...blocks(0), ...blocks(6)]);
    expect(order.next(c, (i) => i === 0, 0).rejects).toEqual([]);
    expect(c.incoming[0]!.index).toBe(6);
    // Nothing else queued: rejected all the same (another connected peer has it), once.
    const d = peer(true, blocks(0));
    expect(order.next(d, (i) => i === 0, 0).rejects.length).toBe(4);
    expect(d.incoming.length).toBe(0);
    d.incoming.push(...blocks(0));
    expect(order.next(d, (i) => i === 0, 0).rejects).toEqual([]);
    expect(d.incoming.length).toBe(4);
  });

  it('holds a peer whose every piece went whole to others not announcing it yet, for at most MAX_HOLD_MS', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(0), ...blocks(1)]);
    // A lone downloader is never held.
    expect(order.next(a, () => false, 0).holdMs).toBe(0);
    while (a.incoming.length > 0) serve(order, a);
    // b asks only for pieces a received whole and has not announced (in flight, or being verified).
    const b = peer(true, [...blocks(1), ...blocks(0)]);
    expect(order.next(b, () => false, 1000).holdMs).toBe(HOLD_POLL_MS);
    expect(order.next(b, () => false, 1000 + MAX_HOLD_MS - 10).holdMs).toBe(10);
    // Held long enough: served (the other peer may be gone or slow).
    expect(order.next(b, () => false, 1000 + MAX_HOLD_MS).holdMs).toBe(0);
    // A piece not sent to anyone yet ends the hold at once.
    const c = peer(true, [...blocks(0), ...blocks(2)]);
    expect(order.next(c, () => false, 0).holdMs).toBe(0);
    // Once a announces piece 0, c is not held: its request is rejected (fetched from a instead).
    const d = peer(true, blocks(0));
    expect(order.next(d, () => false, 0).holdMs).toBe(HOLD_POLL_MS);
    const announced = order.next(d, (i) => i === 0, 5);
    expect(announced.holdMs).toBe(0);
    expect(announced.rejects.map((r) => r.index)).toEqual([0, 0, 0, 0]);
    // Blocks of a piece sent to d itself do not count against d: a half-sent piece is finished.
    const e = peer(true, blocks(3));
    serve(order, e);
    const f = peer(true, blocks(3).slice(0, 1));
    serve(order, f);
    expect(order.next(e, () => false, 0).holdMs).toBe(0);
  });

  it('forgets what it sent to a peer that left: a newcomer is not held on those pieces', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(0), ...blocks(1)]);
    expect(order.next(a, () => false, 0).holdMs).toBe(0);
    while (a.incoming.length > 0) serve(order, a);
    order.forget(a);
    const b = peer(true, [...blocks(1), ...blocks(0)]);
    expect(order.next(b, () => false, 1000).holdMs).toBe(0);
    expect(order.copies(0)).toBe(0);
    // Forgetting a peer we never served changes nothing.
    order.forget(peer());
    serve(order, b);
    expect(order.copies(1)).toBe(0.25);
  });

  it('never serves a piece on its way to another peer while anything else is queued', () => {
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(0), ...blocks(1)]);
    while (a.incoming.length > 0) serve(order, a);
    // b was rejected piece 1 (a announced it) and asks again; piece 0 went whole to a, which has
    // not announced it yet. Piece 1 goes first (b could not get it elsewhere): piece 0 will be
    // at a any moment, and b then fetches it there.
    const b = peer(true, blocks(1));
    const have1 = (i: number) => i === 1;
    expect(order.next(b, have1, 0).rejects.length).toBe(4);
    b.incoming.push(...blocks(0), ...blocks(1));
    const d = order.next(b, have1, 0);
    expect(d).toEqual({ rejects: [], holdMs: 0 });
    expect(b.incoming[0]!.index).toBe(1);
    while (b.incoming[0]?.index === 1) {
      serve(order, b);
      order.next(b, have1, 0);
    }
    // Only piece 0 is left: held, not sent a second time.
    expect(order.next(b, have1, 10).holdMs).toBe(HOLD_POLL_MS);
  });

  it('serves the oldest request after it was bypassed MAX_BYPASS times (no starvation)', () => {
    const order = new UploadOrder(1 << 12, () => PIECE);
    const a = peer(false, blocks(0));
    serve(order, a);
    const b = peer(false, blocks(0));
    let k = 1;
    const next = () => {
      b.incoming.push({ index: k, begin: 0, length: 16384 });
      k++;
    };
    for (let n = 0; n < MAX_BYPASS; n++) {
      next();
      order.next(b, () => false, 0);
      expect(serve(order, b).index).not.toBe(0);
    }
    next();
    order.next(b, () => false, 0);
    expect(serve(order, b).index).toBe(0);
  });

  it('puts the whole queue in serving order: a batch sent after one decision carries no piece on its way to another peer', () => {
    // Two getters asking for the same pieces in step (issue 8, N = 2). The upload server sends
    // the front of the queue in batches (several requests per decision): every request of the
    // batch must follow the order, not only the first.
    const order = new UploadOrder(8, () => PIECE);
    const a = peer(true, [...blocks(0), ...blocks(1), ...blocks(2), ...blocks(3)]);
    const b = peer(true, [...blocks(0), ...blocks(1), ...blocks(2), ...blocks(3)]);
    const got = new Map<typeof a, number[]>([
      [a, []],
      [b, []],
    ]);
    // Alternate decisions, each followed by a batch of 4 requests (64 KiB) from the front.
    while (a.incoming.length + b.incoming.length > 0) {
      for (const p of [a, b]) {
        if (p.incoming.length === 0) continue;
        if (order.next(p, () => false, 0).holdMs > 0) continue;
        for (let k = 0; k < 4 && p.incoming.length > 0; k++) got.get(p)!.push(serve(order, p).index);
      }
      if (a.incoming.length + b.incoming.length > 0 && [a, b].every((p) => p.incoming.length === 0 || order.next(p, () => false, 0).holdMs > 0)) break;
    }
    // Each piece went whole to one of them; nothing was sent twice.
    const sentA = new Set(got.get(a));
    const sentB = new Set(got.get(b));
    for (const i of sentA) expect(sentB.has(i)).toBe(false);
    expect(sentA.size + sentB.size).toBe(4);
    for (let i = 0; i < 4; i++) expect(order.copies(i)).toBe(1);
  });
});
