/**
 * @module swarm/piece-layers — BEP 52 piece layers over the wire, for pure v2 magnet links: the
 * info dict from ut_metadata names each file's `pieces root` but not its piece layer, so the
 * layer is asked from peers with `hash request` (base layer = the piece layer, whole layer at
 * once, no proof layers) and accepted only if it hashes up to the known root. We answer such
 * requests from the layers we hold (proof layers are not served yet: those get `hash reject`).
 */
import type { Hasher } from '../hash/hasher.js';
import { MERKLE_BLOCK_SIZE } from '../hash/hasher.js';
import { zeroSubtreeRoot } from '../metainfo/v2-tree.js';
import type { HashRequestFields } from '../wire/messages.js';
import type { PeerConnection } from './peer-connection.js';
import type { SwarmTorrent } from './types.js';

/** A file whose piece layer is unknown. */
interface MissingLayer {
  readonly piecesRoot: Uint8Array;
  readonly firstPiece: number;
  readonly pieces: number;
  layer: Uint8Array | null;
  asked: PeerConnection | null;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The tree layer holding piece hashes: log2(pieceLength / 16 KiB) above the 16 KiB leaves. */
export function pieceLayerIndex(pieceLength: number): number {
  return Math.log2(pieceLength / MERKLE_BLOCK_SIZE);
}

/** Fetches the missing piece layers of a pure v2 torrent and completes its `piecesV2`. */
export class PieceLayerFetcher {
  readonly #t: SwarmTorrent;
  readonly #hasher: Hasher;
  readonly #missing: MissingLayer[] = [];

  constructor(t: SwarmTorrent, hasher: Hasher) {
    this.#t = t;
    this.#hasher = hasher;
    // Only pure v2 needs layers: v1 and hybrid torrents verify pieces with SHA-1.
    if (t.piecesV1 || !t.piecesV2) return;
    for (const f of t.files) {
      if (f.pad || f.length <= t.pieceLength) continue;
      const firstPiece = Math.floor(f.offset / t.pieceLength);
      const pieces = Math.ceil(f.length / t.pieceLength);
      if (t.piecesV2?.[firstPiece]) continue;
      const root = f.piecesRoot;
      if (root) this.#missing.push({ piecesRoot: root, firstPiece, pieces, layer: null, asked: null });
    }
  }

  /** True when nothing is missing. */
  get done(): boolean {
    return this.#missing.every((m) => m.layer !== null);
  }

  /** Ask `peer` for layers nobody is being asked for. */
  request(peer: PeerConnection): void {
    for (const m of this.#missing) {
      if (m.layer || (m.asked && !m.asked.closed)) continue;
      m.asked = peer;
      peer.send({ type: 'hash-request', piecesRoot: m.piecesRoot, baseLayer: pieceLayerIndex(this.#t.pieceLength), index: 0, length: nextPow2(m.pieces), proofLayers: 0 });
    }
  }

  /** A peer rejected or left: its requests go to someone else on the next {@link request}. */
  release(peer: PeerConnection): void {
    for (const m of this.#missing) if (m.asked === peer) m.asked = null;
  }

  /** Accept a `hashes` message; returns false if it did not verify against the pieces root. */
  onHashes(peer: PeerConnection, msg: HashRequestFields & { hashes: Uint8Array }): boolean {
    const m = this.#missing.find((x) => !x.layer && equal(x.piecesRoot, msg.piecesRoot));
    if (!m || msg.index !== 0 || msg.baseLayer !== pieceLayerIndex(this.#t.pieceLength)) return true;
    m.asked = null;
    const count = nextPow2(m.pieces);
    if (msg.hashes.length < count * 32) return false;
    const layer = msg.hashes.subarray(0, count * 32);
    const pad = zeroSubtreeRoot(this.#hasher, this.#t.pieceLength / MERKLE_BLOCK_SIZE);
    if (!equal(this.#hasher.merkleRootOfLeaves(layer, count, pad), m.piecesRoot)) return false;
    m.layer = layer.slice(0, m.pieces * 32);
    void peer;
    return true;
  }

  /** The torrent with every piece's v2 hash filled in (call once {@link done}). */
  torrent(): SwarmTorrent {
    const piecesV2 = [...(this.#t.piecesV2 ?? new Array<Uint8Array | null>(this.#t.pieceCount).fill(null))];
    for (const m of this.#missing) {
      for (let k = 0; k < m.pieces; k++) piecesV2[m.firstPiece + k] = m.layer!.subarray(k * 32, k * 32 + 32);
    }
    return { ...this.#t, piecesV2 };
  }
}

/** Answer a BEP 52 `hash request` for a whole piece layer (no proof layers) or reject it. */
export function serveHashRequest(peer: PeerConnection, req: HashRequestFields, t: SwarmTorrent | null, hasher: Hasher | undefined): void {
  const fields = { piecesRoot: req.piecesRoot, baseLayer: req.baseLayer, index: req.index, length: req.length, proofLayers: req.proofLayers };
  const reject = (): void => peer.send({ ...fields, type: 'hash-reject' });
  if (!t?.piecesV2 || !hasher || req.proofLayers !== 0 || req.baseLayer !== pieceLayerIndex(t.pieceLength)) return reject();
  const f = t.files.find((x) => {
    return !x.pad && !!x.piecesRoot && equal(x.piecesRoot, req.piecesRoot);
  });
  if (!f) return reject();
  const first = Math.floor(f.offset / t.pieceLength);
  const pieces = Math.ceil(f.length / t.pieceLength);
  if (req.index % req.length !== 0 || req.index + req.length > nextPow2(pieces)) return reject();
  const pad = zeroSubtreeRoot(hasher, t.pieceLength / MERKLE_BLOCK_SIZE);
  const hashes = new Uint8Array(req.length * 32);
  for (let k = 0; k < req.length; k++) {
    const i = req.index + k;
    const h = i < pieces ? t.piecesV2[first + i] : pad;
    if (!h) return reject();
    hashes.set(h, k * 32);
  }
  peer.send({ ...fields, type: 'hashes', hashes });
}
