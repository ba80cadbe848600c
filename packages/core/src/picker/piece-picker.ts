/**
 * @module picker/piece-picker — which blocks to request from which peer. Pure: plain data in,
 * decisions out; no I/O, no timers.
 *
 * Policy (BEP 3 conventions, as in libtorrent and mainline):
 * 1. Partial pieces first — finish what is started, so pieces complete and become tradeable.
 * 2. New pieces: random among those the peer has until `randomFirstPieces` are complete (a
 *    new peer needs something to trade quickly, and the rarest piece is slow to get), then
 *    rarest first by availability counts (ties broken in piece order from a random origin, just
 *    after the last new piece: see `tieStart`; when that scan skips more available pieces,
 *    the run has caught up with another peer's and jumps to a random rarest piece). Higher priority
 *    first; priority 0 (unselected files) is never requested.
 *    Sequential mode (streaming) replaces 1 and 2: pieces strictly in order from a cursor
 *    (wrapping), started or not, any nonzero priority.
 * 3. Endgame: once every missing block of the wanted pieces is requested, a peer may be asked
 *    for blocks already requested from others (never twice from the same peer); when one copy
 *    arrives the others are returned for `cancel`.
 *
 * Blocks are 16 KiB (the last block of a piece may be shorter). Requests returned by
 * `nextRequests` are recorded as outstanding for that peer: tell the picker when they end
 * (`blockReceived`, `cancelRequest` on timeout/reject, `releasePeer` on choke, `removePeer`).
 */
import { createAvailability } from './availability.js';
import { clearBit, hasBit, nextSetBit, popcount, setBit } from './bits.js';
import { PickerError } from './errors.js';
import { piecePrioritiesFromFiles } from './file-priority.js';
import { PartialPiece } from './partial-piece.js';
import { pieceGeometry } from './piece-geometry.js';
import { createRarityBuckets } from './rarity-buckets.js';
import { createWantedRarity } from './wanted-rarity.js';
import { chooseNewPiece, endgameBlocks, newPieceCandidates, partialPieceOrder, randomRarestFrom, ranIntoOthers } from './selection.js';
import type { BlockRequest, PeerRequest, PiecePicker, PiecePickerOptions } from './types.js';

/** Creates a piece picker; see the module comment for the policy. */
export function createPiecePicker<P = string>(options: PiecePickerOptions): PiecePicker<P> {
  // A block's key: piece * perPiece + block.
  const { pieceCount: n, pieceLength, blockSize, perPiece, sizeOf, blocksOf, blockRequest } = pieceGeometry(options);
  const random = options.random ?? Math.random;
  const randomFirst = options.randomFirstPieces ?? 4;
  const bytes = Math.ceil(n / 8);
  const availability = options.availability ?? createAvailability(n);

  const have = new Uint8Array(bytes);
  const wanted = new Uint8Array(bytes); // priority > 0 and not have
  const started = new Uint8Array(bytes); // has a PartialPiece
  const scratch = new Uint8Array(bytes);
  const priority = new Uint8Array(n).fill(1);
  const partials = new Map<number, PartialPiece<P>>();
  const byPeer = new Map<P, Set<number>>();
  let haveCount = 0;
  let wantedCount = 0;
  let unrequested = 0; // blocks of wanted pieces neither requested nor received (endgame when 0)
  let otherLevels = 0; // pieces whose priority is neither 0 nor 1
  let cursor: number | null = null;
  /**
   * Where the next rarest-first scan breaks ties: just after the last new piece, from a random
   * origin. Rarity still decides; among equally rare pieces (every piece, with seeds alone) this
   * walks the torrent in order from a point of its own instead of jumping around, so verified
   * pieces reach the disk as adjacent runs (merged writes, fewer file-system extents) while
   * downloaders still start at different places. -1: not chosen yet.
   */
  let tieStart = -1;

  const checkIndex = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new PickerError('PICKER_OUT_OF_RANGE', `piece ${i} is outside 0..${n - 1}`);
  };
  const checkBitfield = (bf: Uint8Array): void => {
    if (bf.length < bytes) throw new PickerError('PICKER_BAD_BITFIELD', `bitfield of ${bf.length} bytes for ${n} pieces`);
  };
  const unrequestedOf = (i: number): number => partials.get(i)?.unrequested ?? blocksOf(i);
  const rarity = createRarityBuckets(n); // wanted pieces by availability; its floor is the lowest
  const setWanted = (i: number, on: boolean): void => {
    if (hasBit(wanted, i) === on) return;
    if (on) setBit(wanted, i);
    else clearBit(wanted, i);
    if (on) rarity.add(availability.count(i), i);
    else rarity.remove(availability.count(i), i);
    wantedCount += on ? 1 : -1;
    unrequested += on ? unrequestedOf(i) : -unrequestedOf(i);
  };
  const peerKeys = (peer: P): Set<number> => {
    let s = byPeer.get(peer);
    if (!s) byPeer.set(peer, (s = new Set()));
    return s;
  };
  const request = (peer: P, pp: PartialPiece<P>, b: number): BlockRequest => {
    if (pp.request(peer, b) && hasBit(wanted, pp.index)) unrequested--;
    peerKeys(peer).add(pp.index * perPiece + b);
    return blockRequest(pp.index, b);
  };
  const start = (i: number): PartialPiece<P> => {
    let pp = partials.get(i);
    if (!pp) {
      pp = new PartialPiece<P>(i, blocksOf(i));
      partials.set(i, pp);
      setBit(started, i);
    }
    return pp;
  };
  const drop = (pp: PartialPiece<P>): void => {
    partials.delete(pp.index);
    clearBit(started, pp.index);
  };
  const release = (peer: P, piece: number, b: number): boolean => {
    byPeer.get(peer)?.delete(piece * perPiece + b);
    const pp = partials.get(piece);
    if (!pp) return false;
    const had = pp.requestedBy(b, peer);
    if (pp.release(peer, b) && hasBit(wanted, piece)) unrequested++;
    // An untouched piece goes back to the pool, so rarest-first may choose it afresh.
    if (pp.receivedCount === 0 && pp.unrequested === pp.blockCount) drop(pp);
    return had;
  };

  if (options.have) {
    checkBitfield(options.have);
    have.set(options.have.subarray(0, bytes));
    if (n % 8) have[bytes - 1]! &= (0xff << (8 - (n % 8))) & 0xff;
    haveCount = popcount(have, n);
  }
  for (let i = 0; i < n; i++) if (!hasBit(have, i)) setWanted(i, true);

  const partialOrder = partialPieceOrder<P>(priority);
  const counts = createWantedRarity(availability, rarity, wanted);

  return {
    pieceCount: n,
    availability,
    get haveCount() {
      return haveCount;
    },
    addPeer(bitfield) {
      checkBitfield(bitfield);
      counts.addPeer(bitfield);
    },
    peerHave(index) {
      checkIndex(index);
      counts.peerHave(index);
    },
    removePeer(peer, bitfield) {
      if (bitfield) {
        checkBitfield(bitfield);
        counts.removePeer(bitfield);
      }
      return this.releasePeer(peer);
    },
    releasePeer(peer) {
      const keys = byPeer.get(peer);
      byPeer.delete(peer);
      const out: BlockRequest[] = [];
      for (const key of keys ?? []) {
        const piece = Math.floor(key / perPiece);
        const b = key % perPiece;
        release(peer, piece, b);
        out.push(blockRequest(piece, b));
      }
      return out;
    },
    nextRequests(peer, peerHas, count) {
      checkBitfield(peerHas);
      const out: BlockRequest[] = [];
      if (count <= 0 || wantedCount === 0) return out;
      const fill = (pp: PartialPiece<P>): void => {
        for (let b = 0; b < pp.blockCount && out.length < count; b++) {
          if (!pp.received[b] && !pp.isRequested(b)) out.push(request(peer, pp, b));
        }
      };
      if (cursor !== null) {
        // Streaming: strictly in piece order from the cursor (wrapping), started or not.
        for (let b = 0; b < bytes; b++) scratch[b] = peerHas[b]! & wanted[b]!;
        for (let k = nextSetBit(scratch, cursor, n); k >= 0 && out.length < count; k = nextSetBit(scratch, k + 1, n)) {
          if ((partials.get(k)?.unrequested ?? 1) > 0) fill(start(k));
        }
        for (let k = nextSetBit(scratch, 0, n); k >= 0 && k < cursor && out.length < count; k = nextSetBit(scratch, k + 1, n)) {
          if ((partials.get(k)?.unrequested ?? 1) > 0) fill(start(k));
        }
      } else {
        const parts = [...partials.values()]
          .filter((pp) => pp.unrequested > 0 && hasBit(wanted, pp.index) && hasBit(peerHas, pp.index))
          .sort(partialOrder);
        for (const pp of parts) {
          if (out.length >= count) return out;
          fill(pp);
        }
        if (out.length < count) {
          const candidates = newPieceCandidates(scratch, peerHas, wanted, started, priority, otherLevels > 0);
          while (out.length < count) {
            const randomPhase = haveCount < randomFirst;
            let i = chooseNewPiece(candidates, n, randomPhase, random, availability, rarity.lowest(), tieStart);
            if (i < 0) break;
            // Our run reached another peer's stretch and front: start a run somewhere else.
            if (!randomPhase && ranIntoOthers(candidates, n, tieStart, i)) i = randomRarestFrom(candidates, n, availability, rarity, availability.count(i), random);
            if (!randomPhase) tieStart = i + 1 < n ? i + 1 : 0;
            clearBit(candidates, i);
            fill(start(i));
          }
        }
      }
      if (out.length < count && unrequested === 0) {
        // Endgame (all missing blocks requested): duplicates, never twice to one peer.
        for (const [pp, b] of endgameBlocks(partials.values(), peer, peerHas, wanted, count - out.length)) {
          out.push(request(peer, pp, b));
        }
      }
      return out;
    },
    cancelRequest(peer, block) {
      checkIndex(block.piece);
      return release(peer, block.piece, Math.floor(block.offset / blockSize));
    },
    blockReceived(peer, block) {
      checkIndex(block.piece);
      const b = block.offset / blockSize;
      if (!Number.isInteger(b) || b < 0 || b >= blocksOf(block.piece)) {
        throw new PickerError('PICKER_OUT_OF_RANGE', `block offset ${block.offset} is not in piece ${block.piece}`);
      }
      byPeer.get(peer)?.delete(block.piece * perPiece + b);
      if (hasBit(have, block.piece)) {
        const requested = partials.get(block.piece)?.requestedBy(b, peer) ?? false;
        return { accepted: false, requested, pieceComplete: false, cancel: [] };
      }
      const pp = start(block.piece);
      const requested = pp.requestedBy(b, peer);
      if (pp.received[b]) {
        release(peer, block.piece, b);
        return { accepted: false, requested, pieceComplete: false, cancel: [] };
      }
      const wasUnrequested = !pp.isRequested(b);
      const others = pp.receive(peer, b) ?? [];
      if (wasUnrequested && hasBit(wanted, block.piece)) unrequested--;
      for (const o of others) byPeer.get(o)?.delete(block.piece * perPiece + b);
      const { offset, length } = blockRequest(block.piece, b);
      return {
        accepted: true,
        requested,
        pieceComplete: pp.complete,
        cancel: others.map((o) => ({ peer: o, piece: block.piece, offset, length })),
      };
    },
    pieceVerified(index) {
      checkIndex(index);
      const cancel: Array<PeerRequest<P>> = [];
      if (hasBit(have, index)) return cancel;
      const pp = partials.get(index);
      if (pp) {
        for (let b = 0; b < pp.blockCount; b++) {
          for (const o of [...pp.requestersOf(b)]) {
            release(o, index, b);
            cancel.push({ peer: o, ...blockRequest(index, b) });
          }
        }
      }
      setWanted(index, false);
      if (pp) drop(pp);
      setBit(have, index);
      haveCount++;
      return cancel;
    },
    pieceFailed(index) {
      checkIndex(index);
      const pp = partials.get(index);
      if (!pp) return [];
      const contributors = [...new Set(pp.from.filter((p): p is P => p !== undefined))];
      for (let b = 0; b < pp.blockCount; b++) for (const o of [...pp.requestersOf(b)]) release(o, index, b);
      const wasWanted = hasBit(wanted, index);
      setWanted(index, false);
      drop(pp);
      if (wasWanted) setWanted(index, true);
      return contributors;
    },
    setPiecePriority(index, value) {
      checkIndex(index);
      const p = Math.max(0, Math.min(255, Math.floor(value)));
      const old = priority[index]!;
      if (old > 1) otherLevels--;
      if (p > 1) otherLevels++;
      priority[index] = p;
      setWanted(index, p > 0 && !hasBit(have, index));
    },
    setFilePriorities(files, priorities) {
      const pp = piecePrioritiesFromFiles(files, priorities, n, pieceLength);
      for (let i = 0; i < n; i++) this.setPiecePriority(i, pp[i]!);
    },
    setSequential(c) {
      if (c !== null) checkIndex(c);
      cursor = c;
    },
    has(index) {
      checkIndex(index);
      return hasBit(have, index);
    },
    haveBitfield: () => have.slice(),
    isComplete: () => wantedCount === 0,
    isEndgame: () => wantedCount > 0 && unrequested === 0,
    outstanding: (peer) => byPeer.get(peer)?.size ?? 0,
    pieceSize: (index) => sizeOf(index),
    blockCount: (index) => blocksOf(index),
  };
}
