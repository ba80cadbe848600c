/**
 * @module wire/limits — hard limits on every length a peer controls, and the geometry checks
 * (piece index, block range, bitfield size) that need the torrent's shape.
 */
import { WireProtocolError } from './errors.js';
import type { BlockRef, WireMessage } from './messages.js';

/** BEP 3 convention: requests are for 16 KiB blocks; clients drop peers asking for more. */
export const BLOCK_LENGTH = 16 * 1024;

/** Limits applied to everything a peer announces. All are options with defaults. */
export interface WireLimits {
  /** Largest length prefix accepted at all; larger is refused before any buffering. */
  maxFrameLength: number;
  /** Largest block in a request/piece/reject/cancel (BEP 3 convention: 16 KiB). */
  maxBlockLength: number;
  /** Largest BEP 10 extended payload (ut_metadata pieces are 16 KiB + a small dict). */
  maxExtendedLength: number;
  /** Largest number of hashes in one BEP 52 `hashes` message (base + proof hashes). */
  maxHashesCount: number;
  /** Largest bitfield accepted while the piece count is still unknown (magnet links). */
  maxBitfieldBytes: number;
  /** Outstanding requests a peer may have with us (we advertise it as `reqq`, BEP 10). */
  maxPeerRequests: number;
  /** Cap on our own pipeline towards one peer, whatever `reqq` the peer advertises. */
  maxOwnRequests: number;
  /** Largest `metadata_size` (BEP 9) we accept: the info dict must fit in memory. */
  maxMetadataSize: number;
}

/** Defaults: 16 KiB blocks, 1 MiB extended payloads, 4 MiB frames, 8 MiB info dicts. */
export const DEFAULT_WIRE_LIMITS: Readonly<WireLimits> = Object.freeze({
  maxFrameLength: 4 * 1024 * 1024,
  maxBlockLength: BLOCK_LENGTH,
  maxExtendedLength: 1024 * 1024,
  maxHashesCount: 8192,
  // 2^22 pieces: 4 M pieces of 16 KiB is 64 GiB; bigger torrents use bigger pieces.
  maxBitfieldBytes: (1 << 22) / 8,
  maxPeerRequests: 256,
  // Our depth towards a peer is bounded by the swarm per transport (swarm/pipeline-limits.ts:
  // 256 on TCP, 1024 on data channels and tunnels); this is only the outer cap.
  maxOwnRequests: 1024,
  maxMetadataSize: 8 * 1024 * 1024,
});

/** Fill in defaults for missing limits. */
export function resolveLimits(partial?: Partial<WireLimits>): WireLimits {
  return { ...DEFAULT_WIRE_LIMITS, ...partial };
}

/** The shape of a torrent, needed to check piece indices and block ranges. */
export interface TorrentGeometry {
  /** Number of pieces. */
  pieceCount: number;
  /** Nominal piece length in bytes. */
  pieceLength: number;
  /** Total content length in bytes (the last piece may be shorter). */
  totalLength: number;
}

/** Length in bytes of piece `index` (the last one is the remainder). */
export function pieceLengthAt(g: TorrentGeometry, index: number): number {
  if (index < g.pieceCount - 1) return g.pieceLength;
  return g.totalLength - (g.pieceCount - 1) * g.pieceLength;
}

/** Bytes in a BEP 3 bitfield for `pieceCount` pieces. */
export function bitfieldByteLength(pieceCount: number): number {
  return Math.ceil(pieceCount / 8);
}

/** Throw `WIRE_INDEX_OUT_OF_RANGE` unless `index < pieceCount`. */
export function checkPieceIndex(g: TorrentGeometry, index: number): void {
  if (index >= g.pieceCount) {
    throw new WireProtocolError('WIRE_INDEX_OUT_OF_RANGE', `piece index ${index} ≥ piece count ${g.pieceCount}`);
  }
}

/** Throw unless the block lies inside its piece and is 1..maxBlockLength bytes long. */
export function checkBlockRef(g: TorrentGeometry, ref: BlockRef, limits: WireLimits): void {
  checkPieceIndex(g, ref.index);
  if (ref.length === 0 || ref.length > limits.maxBlockLength) {
    throw new WireProtocolError('WIRE_BAD_REQUEST', `block length ${ref.length} outside 1..${limits.maxBlockLength}`);
  }
  if (ref.begin + ref.length > pieceLengthAt(g, ref.index)) {
    throw new WireProtocolError('WIRE_BAD_REQUEST', `block ${ref.begin}+${ref.length} beyond piece ${ref.index}`);
  }
}

/** Throw `WIRE_BAD_BITFIELD` unless `bits` is exactly ceil(pieceCount/8) bytes with zero spare bits. */
export function checkBitfieldBytes(pieceCount: number, bits: Uint8Array): void {
  const want = bitfieldByteLength(pieceCount);
  if (bits.length !== want) {
    throw new WireProtocolError('WIRE_BAD_BITFIELD', `bitfield is ${bits.length} bytes, expected ${want}`);
  }
  const spare = want * 8 - pieceCount;
  // BEP 3: "Spare bits at the end are set to zero. Clients receiving a bitfield of the wrong
  // length should drop the connection", as should those seeing spare bits set.
  if (spare > 0 && (bits[want - 1]! & ((1 << spare) - 1)) !== 0) {
    throw new WireProtocolError('WIRE_BAD_BITFIELD', 'bitfield spare bits are set');
  }
}

/**
 * Check a decoded message against the torrent's geometry: piece indices, block ranges and
 * bitfield length. Messages without such fields pass unchanged.
 */
export function checkMessageGeometry(msg: WireMessage, g: TorrentGeometry, limits: WireLimits): void {
  switch (msg.type) {
    case 'have':
    case 'suggest':
    case 'allowed-fast':
      checkPieceIndex(g, msg.index);
      return;
    case 'request':
    case 'cancel':
    case 'reject':
      checkBlockRef(g, msg, limits);
      return;
    case 'piece':
      checkBlockRef(g, { index: msg.index, begin: msg.begin, length: msg.block.length }, limits);
      return;
    case 'bitfield':
      checkBitfieldBytes(g.pieceCount, msg.bits);
      return;
    default:
      return;
  }
}
