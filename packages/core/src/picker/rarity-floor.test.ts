import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/random.js';
import { hasBit, setBit } from './bits.js';
import { createPiecePicker } from './piece-picker.js';
import { createRarityFloor } from './rarity-floor.js';

describe('rarity floor', () => {
  it('tracks the lowest count as counts come and go', () => {
    const f = createRarityFloor();
    expect(f.lowest()).toBe(0);
    f.add(3);
    f.add(5);
    expect(f.lowest()).toBe(3);
    f.remove(3);
    expect(f.lowest()).toBe(5);
    f.add(1);
    expect(f.lowest()).toBe(1);
  });

  it('lets the picker stop early yet still pick a rarest piece (checked against a full scan)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rnd = createRandom(seed);
      const n = 300;
      const p = createPiecePicker<number>({ pieceCount: n, pieceLength: 16384, randomFirstPieces: 0, random: rnd });
      const peers: Uint8Array[] = [];
      for (let k = 0; k < 12; k++) {
        const bf = new Uint8Array(Math.ceil(n / 8));
        for (let i = 0; i < n; i++) if (rnd() < 0.5) setBit(bf, i);
        peers.push(bf);
        p.addPeer(bf);
      }
      p.removePeer(-1, peers.pop()!);
      for (let i = 0; i < 40; i++) p.peerHave(Math.floor(rnd() * n));
      // verify some pieces: they leave the wanted set (and the histogram)
      for (let i = 0; i < 30; i++) {
        const piece = Math.floor(rnd() * n);
        if (!p.has(piece)) {
          p.blockReceived(-2, { piece, offset: 0 });
          p.pieceVerified(piece);
        }
      }
      for (let k = 0; k < peers.length; k++) {
        const got = p.nextRequests(k, peers[k]!, 1);
        if (got.length === 0) continue;
        // No piece is partial here (one-block pieces, requests released), so the candidates
        // are exactly the pieces the peer has and we lack.
        let min = Infinity;
        for (let i = 0; i < n; i++) {
          if (hasBit(peers[k]!, i) && !p.has(i)) min = Math.min(min, p.availability.count(i));
        }
        expect(p.availability.count(got[0]!.piece), `seed ${seed} peer ${k}`).toBe(min);
        p.releasePeer(k);
      }
    }
  });
});
