/**
 * @module swarm/smart-ban — find the peer that lied in a piece several peers contributed to.
 *
 * A piece that fails its hash check (BEP 3 SHA-1 / BEP 52 merkle) says that some block is bad,
 * not which one. Blaming every contributor lets one junk peer get honest peers banned: it only
 * has to slip one bad block into pieces the honest peers also serve. Instead (the idea of
 * libtorrent's smart_ban plugin), when a piece with several contributors fails, remember for each
 * block who sent it and a digest of its bytes; the piece is downloaded again, and once it
 * verifies, every peer whose remembered block differs from the verified one lied — and peers
 * whose blocks all matched are proven honest. Only equality of digests matters, so a per-block
 * SHA-1 from the hasher is enough (a peer cannot make its bad block collide with the good one).
 *
 * Memory is bounded: records are per piece, dropped once the piece verifies, and at most
 * {@link SMART_BAN_MAX_PIECES} pieces are remembered (the oldest is forgotten first).
 */
import type { HashBackend } from './piece-verifier.js';

/** Pieces whose failed blocks are remembered at once (~16 blocks × a 20-byte digest each). */
export const SMART_BAN_MAX_PIECES = 256;

/** Block size of the digests (BEP 3 requests are 16 KiB; BEP 52 leaves are 16 KiB). */
export const SMART_BAN_BLOCK = 16 * 1024;

/** What a verified piece proved about the peers recorded for it. */
export interface SmartBanVerdict<P> {
  /** Peers that sent a block that differs from the verified piece, with the first such offset. */
  readonly liars: ReadonlyMap<P, number>;
  /** Peers all of whose recorded blocks of this piece matched. */
  readonly honest: ReadonlySet<P>;
}

interface Sent<P> {
  readonly peer: P;
  readonly digest: string;
}

/** Per-piece records of who sent which block of a failed piece, and what it hashed to. */
export class SmartBan<P> {
  readonly maxPieces: number;
  /** piece index → block offset → distinct (peer, digest) pairs seen in failed attempts. */
  readonly #pieces = new Map<number, Map<number, Sent<P>[]>>();

  constructor(maxPieces = SMART_BAN_MAX_PIECES) {
    this.maxPieces = maxPieces;
  }

  /** Pieces currently remembered. */
  get size(): number {
    return this.#pieces.size;
  }

  /** Whether a failed attempt of this piece is remembered (its verification must be compared). */
  has(index: number): boolean {
    return this.#pieces.has(index);
  }

  /**
   * Remember a failed attempt of piece `index`: `blocks` are (offset, sender, digest). A piece
   * that fails again adds to its record; the oldest piece is forgotten above the cap.
   */
  record(index: number, blocks: Iterable<{ begin: number; peer: P; digest: string }>): void {
    let piece = this.#pieces.get(index);
    if (!piece) {
      if (this.#pieces.size >= this.maxPieces) this.#pieces.delete(this.#pieces.keys().next().value!);
      piece = new Map();
      this.#pieces.set(index, piece);
    }
    for (const { begin, peer, digest } of blocks) {
      const seen = piece.get(begin);
      if (!seen) piece.set(begin, [{ peer, digest }]);
      else if (!seen.some((x) => x.peer === peer && x.digest === digest)) seen.push({ peer, digest });
    }
  }

  /**
   * Piece `index` verified; `good(begin)` is the digest of its block at `begin`. Returns who lied
   * and who was honest in the failed attempts, and forgets the piece.
   */
  resolve(index: number, good: (begin: number) => string | undefined): SmartBanVerdict<P> {
    const liars = new Map<P, number>();
    const matched = new Set<P>();
    const piece = this.#pieces.get(index);
    this.#pieces.delete(index);
    for (const [begin, seen] of piece ?? []) {
      const want = good(begin);
      if (want === undefined) continue;
      for (const { peer, digest } of seen) {
        if (digest === want) matched.add(peer);
        else if (!liars.has(peer)) liars.set(peer, begin);
      }
    }
    const honest = new Set<P>();
    for (const peer of matched) if (!liars.has(peer)) honest.add(peer);
    return { liars, honest };
  }

  /** Forget a piece without a verdict. */
  drop(index: number): void {
    this.#pieces.delete(index);
  }
}

/**
 * SHA-1 of every {@link SMART_BAN_BLOCK} block of `data`, as one string per block keyed by its
 * offset. Uses the in-thread hasher when there is one (no copy to a worker), else the pool.
 * `data` may be reused once the promise settles.
 */
export async function blockDigests(hash: HashBackend, data: Uint8Array): Promise<Map<number, string>> {
  const all = hash.hasher ? hash.hasher.hashPieces(data, SMART_BAN_BLOCK, 'sha1') : await hash.pool!.hashPieces(data, SMART_BAN_BLOCK, 'sha1');
  const out = new Map<number, string>();
  for (let i = 0, begin = 0; begin < data.length; i++, begin += SMART_BAN_BLOCK) {
    out.set(begin, String.fromCharCode(...all.subarray(i * 20, i * 20 + 20)));
  }
  return out;
}
