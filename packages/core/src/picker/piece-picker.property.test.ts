import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { hasBit, setBit } from './bits.js';
import { createPiecePicker } from './piece-picker.js';

const KB16 = 16384;

type Op =
  | { kind: 'request'; peer: number; count: number }
  | { kind: 'receive'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'leave'; peer: number }
  | { kind: 'have'; peer: number; piece: number }
  | { kind: 'priority'; piece: number; value: number }
  | { kind: 'sequential'; cursor: number | null };

const op = (pieces: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('request' as const), peer: fc.nat(3), count: fc.integer({ min: 1, max: 12 }) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('receive' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), peer: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('have' as const), peer: fc.nat(3), piece: fc.nat(pieces - 1) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('priority' as const), piece: fc.nat(pieces - 1), value: fc.constantFrom(0, 1, 2) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('sequential' as const), cursor: fc.option(fc.nat(pieces - 1)) }) },
  );

describe('piece picker properties', () => {
  it('never returns a block we have, hold, or already requested (outside endgame), nor a piece the peer lacks or we skip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            bpp: fc.integer({ min: 1, max: 3 }), // blocks per piece
            lastRem: fc.integer({ min: 1, max: KB16 }), // length of the last piece's last block
            peerBits: fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 4, maxLength: 4 }),
            haveBits: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
            seed: fc.integer(),
            ops: fc.array(op(n), { maxLength: 80 }),
          }),
        ),
        ({ n, bpp, lastRem, peerBits, haveBits, seed, ops }) => {
          const pieceLength = bpp * KB16;
          const totalLength = (n - 1) * pieceLength + Math.min(pieceLength, lastRem + (bpp - 1) * KB16);
          const bf = (flags: readonly boolean[]): Uint8Array => {
            const out = new Uint8Array(Math.ceil(n / 8));
            flags.slice(0, n).forEach((f, i) => f && setBit(out, i));
            return out;
          };
          const peerHas = peerBits.map(bf);
          const haveInit = bf(haveBits);
          const p = createPiecePicker<number>({ pieceCount: n, pieceLength, totalLength, random: createRandom(seed), randomFirstPieces: 2, have: haveInit });
          peerHas.forEach((b) => p.addPeer(b));
          const outstanding = new Map<string, { peer: number; piece: number; offset: number }>(); // model
          const received = new Set<string>();
          const prio = new Array<number>(n).fill(1);
          for (const o of ops) {
            if (o.kind === 'request') {
              const got = p.nextRequests(o.peer, peerHas[o.peer]!, o.count);
              const endgame = p.isEndgame();
              const seen = new Set<string>();
              for (const r of got) {
                const block = `${r.piece}:${r.offset}`;
                expect(hasBit(peerHas[o.peer]!, r.piece)).toBe(true);
                expect(p.has(r.piece)).toBe(false);
                expect(prio[r.piece]).toBeGreaterThan(0);
                expect(received.has(block)).toBe(false);
                expect(r.offset % KB16).toBe(0);
                expect(r.length).toBe(Math.min(KB16, p.pieceSize(r.piece) - r.offset));
                expect(outstanding.has(`${o.peer}/${block}`)).toBe(false); // never twice to one peer
                expect(seen.has(block)).toBe(false);
                seen.add(block);
                const elsewhere = [...outstanding.values()].some((x) => `${x.piece}:${x.offset}` === block);
                if (!endgame) expect(elsewhere).toBe(false);
              }
              for (const r of got) outstanding.set(`${o.peer}/${r.piece}:${r.offset}`, { peer: o.peer, ...r });
            } else if (o.kind === 'receive' || o.kind === 'cancel') {
              const list = [...outstanding.entries()];
              if (list.length === 0) continue;
              const [key, req] = list[o.pick % list.length]!;
              outstanding.delete(key);
              if (o.kind === 'cancel') {
                expect(p.cancelRequest(req.peer, req)).toBe(true);
                continue;
              }
              const receipt = p.blockReceived(req.peer, req);
              expect(receipt.requested).toBe(true);
              expect(receipt.accepted).toBe(!received.has(`${req.piece}:${req.offset}`) && !p.has(req.piece));
              received.add(`${req.piece}:${req.offset}`);
              for (const c of receipt.cancel) {
                expect(outstanding.delete(`${c.peer}/${c.piece}:${c.offset}`)).toBe(true);
              }
              if (receipt.pieceComplete) {
                for (let b = 0; b < p.blockCount(req.piece); b++) received.delete(`${req.piece}:${b * KB16}`);
                if ((seed + req.piece) % 5 === 0) p.pieceFailed(req.piece);
                else for (const c of p.pieceVerified(req.piece)) outstanding.delete(`${c.peer}/${c.piece}:${c.offset}`);
              }
            } else if (o.kind === 'leave') {
              const released = p.releasePeer(o.peer);
              const mine = [...outstanding.keys()].filter((k) => k.startsWith(`${o.peer}/`));
              expect(released.length).toBe(mine.length);
              mine.forEach((k) => outstanding.delete(k));
            } else if (o.kind === 'have') {
              if (!hasBit(peerHas[o.peer]!, o.piece)) {
                setBit(peerHas[o.peer]!, o.piece);
                p.peerHave(o.piece);
              }
            } else if (o.kind === 'priority') {
              prio[o.piece] = o.value;
              p.setPiecePriority(o.piece, o.value);
            } else {
              p.setSequential(o.cursor);
            }
            // outstanding bookkeeping agrees with the model
            for (let peer = 0; peer < 4; peer++) {
              expect(p.outstanding(peer)).toBe([...outstanding.keys()].filter((k) => k.startsWith(`${peer}/`)).length);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
