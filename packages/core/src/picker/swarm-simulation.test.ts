/**
 * A deterministic tick-based swarm built only from the pure parts — piece picker, choker,
 * request depth — to check they compose: every leecher completes, and leechers trade with each
 * other (the seed's upload alone could not have finished them that fast).
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { createChoker, type Choker, type ChokerPeer } from '../choker/choker.js';
import { hasBit, setBit } from './bits.js';
import { createPiecePicker } from './piece-picker.js';
import type { BlockRequest, PiecePicker } from './types.js';

const PIECES = 48;
const PIECE_LENGTH = 32768; // two blocks
const UPLOAD_PER_TICK = 2; // blocks a node can send per tick (1 tick = 1 s)

interface Node {
  readonly id: number;
  readonly have: Uint8Array;
  readonly picker: PiecePicker<number> | null; // null for the seed
  readonly choker: Choker<number>;
  /** Requests received, per requesting peer, served FIFO. */
  readonly inbox: Array<{ from: number; req: BlockRequest }>;
  readonly unchokedBy: Set<number>;
  readonly receivedFrom: Map<number, number[]>; // peer → ticks of blocks received
  readonly sentTo: Map<number, number[]>;
  uploaded: number;
  doneAt: number;
}

function simulate(leechers: number, seed: number): Node[] {
  const full = new Uint8Array(PIECES / 8).fill(0xff);
  const nodes: Node[] = [];
  for (let id = 0; id <= leechers; id++) {
    nodes.push({
      id,
      have: id === 0 ? full.slice() : new Uint8Array(PIECES / 8),
      picker: id === 0 ? null : createPiecePicker<number>({ pieceCount: PIECES, pieceLength: PIECE_LENGTH, random: createRandom(seed + id) }),
      choker: createChoker<number>({ random: createRandom(seed * 31 + id) }),
      inbox: [],
      unchokedBy: new Set(),
      receivedFrom: new Map(),
      sentTo: new Map(),
      uploaded: 0,
      doneAt: id === 0 ? 0 : -1,
    });
  }
  for (const n of nodes) for (const m of nodes) if (n !== m) n.picker?.addPeer(m.have);

  const recent = (ticks: number[] | undefined, now: number): number => (ticks ?? []).filter((t) => now - t < 20).length / 20;
  const wants = (n: Node, m: Node): boolean => {
    for (let i = 0; i < PIECES; i++) if (hasBit(m.have, i) && !hasBit(n.have, i)) return true;
    return false;
  };

  for (let now = 0; now < 1000 && nodes.some((n) => n.doneAt < 0); now++) {
    // Choking: full rounds every 10 s, immediate updates otherwise.
    for (const n of nodes) {
      const peers: ChokerPeer<number>[] = nodes
        .filter((m) => m !== n)
        .map((m) => ({
          id: m.id,
          interested: wants(m, n),
          downloadRate: recent(n.receivedFrom.get(m.id), now),
          uploadRate: recent(n.sentTo.get(m.id), now),
          connectedAt: 0,
          lastBlockAt: n.receivedFrom.get(m.id)?.at(-1) ?? now,
          amInterested: wants(n, m),
        }));
      const d = now % 10 === 0 ? n.choker.round(peers, now * 1000, n.picker === null || n.doneAt >= 0) : n.choker.update(peers, now * 1000, n.doneAt >= 0);
      for (const id of d.unchoke) nodes[id]!.unchokedBy.add(n.id);
      for (const id of d.choke) {
        const m = nodes[id]!;
        m.unchokedBy.delete(n.id);
        m.picker?.releasePeer(n.id); // choked: its requests to n are void (BEP 3)
        for (let k = n.inbox.length - 1; k >= 0; k--) if (n.inbox[k]!.from === id) n.inbox.splice(k, 1);
      }
    }
    // Requests: keep a small pipeline at every peer that unchoked us.
    for (const n of nodes) {
      if (!n.picker || n.doneAt >= 0) continue;
      for (const id of n.unchokedBy) {
        const want = 4 - n.picker.outstanding(id);
        for (const req of n.picker.nextRequests(id, nodes[id]!.have, want)) nodes[id]!.inbox.push({ from: n.id, req });
      }
    }
    // Uploads: each node sends a few queued blocks.
    for (const n of nodes) {
      for (const { from, req } of n.inbox.splice(0, UPLOAD_PER_TICK)) {
        const m = nodes[from]!;
        n.uploaded++;
        n.sentTo.set(from, [...(n.sentTo.get(from) ?? []), now]);
        m.receivedFrom.set(n.id, [...(m.receivedFrom.get(n.id) ?? []), now]);
        const receipt = m.picker!.blockReceived(n.id, req);
        for (const c of receipt.cancel) {
          const inbox = nodes[c.peer]!.inbox;
          const k = inbox.findIndex((x) => x.from === m.id && x.req.piece === c.piece && x.req.offset === c.offset);
          if (k >= 0) inbox.splice(k, 1);
        }
        if (receipt.pieceComplete) {
          m.picker!.pieceVerified(req.piece);
          setBit(m.have, req.piece);
          for (const o of nodes) if (o !== m) o.picker?.peerHave(req.piece);
          if (m.picker!.isComplete()) m.doneAt = now;
        }
      }
    }
  }
  return nodes;
}

describe('picker + choker in a simulated swarm', () => {
  it.each([1, 2, 3])('every leecher completes and leechers trade among themselves (seed %i)', (seed) => {
    const nodes = simulate(5, seed);
    const totalBlocks = PIECES * 2;
    for (const n of nodes.slice(1)) {
      expect(n.doneAt, `leecher ${n.id}`).toBeGreaterThanOrEqual(0);
      expect(n.picker!.haveCount).toBe(PIECES);
    }
    const seedAlone = (5 * totalBlocks) / UPLOAD_PER_TICK; // ticks if only the seed uploaded
    const last = Math.max(...nodes.map((n) => n.doneAt));
    expect(last).toBeLessThan(seedAlone * 0.5); // measured ≈ 0.3
    const leecherUploads = nodes.slice(1).reduce((s, n) => s + n.uploaded, 0);
    expect(leecherUploads).toBeGreaterThan(totalBlocks); // real trading, not a trickle
    // Endgame duplicates are bounded: total transfers stay close to what was needed.
    const transfers = nodes.reduce((s, n) => s + n.uploaded, 0);
    expect(transfers).toBeLessThan(5 * totalBlocks * 1.2);
  });
});
