/**
 * @module swarm/metadata-fetcher — downloads the info dict of a magnet link from peers over
 * ut_metadata (BEP 9) and checks it against the info-hash before anyone uses it.
 *
 * The metadata is split into 16 KiB pieces; each missing piece is requested from a peer that
 * advertised ut_metadata and a `metadata_size`, spreading pieces over peers. A reject, a
 * disconnect or a timeout puts the piece back. A complete copy whose hash does not match is
 * thrown away and the peers that sent it are reported.
 *
 * Peers may disagree on `metadata_size` (a lying peer can speak first). Each peer's announced
 * size is remembered; one copy is assembled at a time, from the peers announcing its size. After
 * a hash mismatch the size is forgotten with the pieces, and the next peer's size is taken; the
 * copy also switches size when no open peer announcing the current size is left.
 */
import type { HashPool, Hasher } from '../hash/hasher.js';
import { encodeMetadataMessage, METADATA_PIECE_SIZE, MetadataMsgType, type MetadataMessage } from './extension-protocol.js';
import type { PeerConnection } from './peer-connection.js';

/** A metadata request is given up and retried elsewhere after this long. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Outcome of {@link MetadataFetcher.onData}. */
export type MetadataResult =
  | { kind: 'pending' }
  | { kind: 'complete'; info: Uint8Array }
  | { kind: 'mismatch'; peers: PeerConnection[] };

/** Fetches and verifies one torrent's metadata. */
export class MetadataFetcher {
  readonly #infoHashV1: Uint8Array | undefined;
  readonly #infoHashV2: Uint8Array | undefined;
  readonly #hash: { pool?: HashPool; hasher?: Hasher };
  #size = 0;
  #buffer: Uint8Array | null = null;
  #received: Uint8Array = new Uint8Array(0);
  /** piece → peer and time of the outstanding request. */
  readonly #pending = new Map<number, { peer: PeerConnection; at: number }>();
  readonly #sources = new Set<PeerConnection>();
  /** metadata_size announced by each peer that offered metadata (closed peers are pruned). */
  readonly #sizes = new Map<PeerConnection, number>();
  /** Peers that sent pieces of a copy that failed the hash check: never asked again. */
  readonly #failed = new WeakSet<PeerConnection>();
  #verifying = false;

  constructor(target: { infoHashV1?: Uint8Array; infoHashV2?: Uint8Array }, hash: { pool?: HashPool; hasher?: Hasher }) {
    this.#infoHashV1 = target.infoHashV1;
    this.#infoHashV2 = target.infoHashV2;
    this.#hash = hash;
  }

  /** Number of 16 KiB metadata pieces (0 while the size is unknown). */
  get pieceCount(): number {
    return Math.ceil(this.#size / METADATA_PIECE_SIZE);
  }

  /** Ask `peer` for missing pieces, if it offers metadata. Call on extension handshake and on ticks. */
  request(peer: PeerConnection, now: number): void {
    const id = peer.ext.utMetadata;
    const size = peer.ext.metadataSize;
    if (this.#verifying || id === undefined || size === undefined || peer.closed || this.#failed.has(peer)) return;
    this.#sizes.set(peer, size);
    // Take this peer's size when none is chosen, or when no open peer can supply the current one.
    if (this.#size === 0 || (size !== this.#size && !this.#hasSourceOf(this.#size))) this.#reset(size);
    if (size !== this.#size) return; // a peer disagreeing on the size cannot help this copy
    for (let i = 0; i < this.pieceCount; i++) {
      if (this.#received[i]) continue;
      const p = this.#pending.get(i);
      if (p && !p.peer.closed && now - p.at < REQUEST_TIMEOUT_MS) continue;
      this.#pending.set(i, { peer, at: now });
      peer.sendExtended(id, encodeMetadataMessage({ msgType: MetadataMsgType.Request, piece: i }));
      // One outstanding piece per peer at a time spreads the load; fast peers get re-asked on data.
      break;
    }
  }

  /** A peer rejected a request or went away: its pieces become requestable again. */
  release(peer: PeerConnection): void {
    for (const [i, p] of this.#pending) if (p.peer === peer) this.#pending.delete(i);
  }

  /** Accept a `data` message. */
  async onData(peer: PeerConnection, msg: MetadataMessage): Promise<MetadataResult> {
    const p = this.#pending.get(msg.piece);
    if (!this.#buffer || !msg.data || !p || p.peer !== peer || msg.piece >= this.pieceCount) return { kind: 'pending' };
    const expected = Math.min(METADATA_PIECE_SIZE, this.#size - msg.piece * METADATA_PIECE_SIZE);
    if (msg.data.length !== expected) return { kind: 'pending' };
    this.#pending.delete(msg.piece);
    this.#buffer.set(msg.data, msg.piece * METADATA_PIECE_SIZE);
    this.#received[msg.piece] = 1;
    this.#sources.add(peer);
    if (this.#received.some((r) => r === 0)) return { kind: 'pending' };
    this.#verifying = true;
    const info = this.#buffer;
    const ok = await this.#matches(info);
    this.#verifying = false;
    if (ok) return { kind: 'complete', info };
    const peers = [...this.#sources];
    for (const bad of peers) {
      this.#failed.add(bad);
      this.#sizes.delete(bad);
    }
    // Forget the size with the pieces: it may have been a liar's, and the next peer's is taken.
    this.#reset(0);
    return { kind: 'mismatch', peers };
  }

  /** The metadata size of the copy being assembled (0 when none is chosen yet). */
  get size(): number {
    return this.#size;
  }

  /** Whether an open, trusted peer announced `size`; closed peers are dropped on the way. */
  #hasSourceOf(size: number): boolean {
    let found = false;
    for (const [p, s] of this.#sizes) {
      if (p.closed) this.#sizes.delete(p);
      else if (s === size) found = true;
    }
    return found;
  }

  async #matches(info: Uint8Array): Promise<boolean> {
    const { pool, hasher } = this.#hash;
    const digest = async (alg: 'sha1' | 'sha256'): Promise<Uint8Array> =>
      pool ? pool.hashPieces(info, info.length, alg) : alg === 'sha1' ? hasher!.sha1(info) : hasher!.sha256(info);
    if (this.#infoHashV1) return equal(await digest('sha1'), this.#infoHashV1);
    if (this.#infoHashV2) return equal(await digest('sha256'), this.#infoHashV2);
    return false;
  }

  #reset(size: number): void {
    this.#size = size;
    this.#buffer = size > 0 ? new Uint8Array(size) : null;
    this.#received = new Uint8Array(Math.ceil(size / METADATA_PIECE_SIZE));
    this.#pending.clear();
    this.#sources.clear();
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Answer a peer's ut_metadata request from the info dict we hold (BEP 9), or reject it. */
export function serveMetadata(peer: PeerConnection, msg: MetadataMessage, info: Uint8Array | null): void {
  const id = peer.ext.utMetadata;
  if (id === undefined) return;
  const offset = msg.piece * METADATA_PIECE_SIZE;
  if (!info || offset >= info.length) {
    peer.sendExtended(id, encodeMetadataMessage({ msgType: MetadataMsgType.Reject, piece: msg.piece }));
    return;
  }
  const data = info.subarray(offset, Math.min(info.length, offset + METADATA_PIECE_SIZE));
  peer.sendExtended(id, encodeMetadataMessage({ msgType: MetadataMsgType.Data, piece: msg.piece, totalSize: info.length, data }));
}
