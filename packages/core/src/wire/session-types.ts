/** @module wire/session-types — the public types of a PeerSession: options, state and events. */
import type { Bitfield } from '../bitfield/index.js';
import type { ExtensionHandshake } from './extension-handshake.js';
import type { WireLimits, TorrentGeometry } from './limits.js';
import type { BlockRef, WireMessageOf } from './messages.js';
import type { UtMetadataMessage } from './ut-metadata.js';
import type { PexMessage } from './ut-pex.js';

/** Events returned by `PeerSession.receive`, in the order they happened. */
export type SessionEvent =
  /** The peer's handshake; `fast`/`extended`/`v2` are what *both* sides support. */
  | { type: 'handshake'; infoHash: Uint8Array; peerId: Uint8Array; fast: boolean; extended: boolean; v2: boolean }
  /**
   * The peer choked or unchoked us. On choke without the fast extension, BEP 3 discards our
   * pending requests: they are listed in `dropped` (re-request them elsewhere). With BEP 6 they
   * stay pending until the peer sends a piece or a reject.
   */
  | { type: 'choke-changed'; peerChoking: boolean; dropped: BlockRef[] }
  /** The peer became interested / not interested in our pieces. */
  | { type: 'interest-changed'; peerInterested: boolean }
  /** The peer has a new piece. */
  | { type: 'have'; index: number }
  /**
   * The peer's initial piece set (bitfield, BEP 6 have-all or have-none). `bitfield` is null
   * while the piece count is unknown (magnet): it is validated on `setGeometry`.
   */
  | { type: 'bitfield'; bitfield: Bitfield | null; all: boolean; none: boolean }
  /** A block we requested arrived; `requestedAt` is the time passed to `request`. */
  | { type: 'block'; index: number; begin: number; block: Uint8Array; requestedAt: number }
  /**
   * A block we have no outstanding request for: `cancelled` if it crossed our cancel or was
   * dropped by a choke, else `unknown` (a peer sending unsolicited data; count against it).
   */
  | { type: 'unrequested-block'; index: number; begin: number; block: Uint8Array; reason: 'cancelled' | 'unknown' }
  /** The peer requests a block from us: serve with `sendPiece` or refuse with `rejectRequest`. */
  | ({ type: 'request' } & BlockRef)
  /** The peer cancelled one of its requests (do not send it). */
  | ({ type: 'request-cancelled' } & BlockRef)
  /** BEP 6: the peer will not serve one of our requests. */
  | ({ type: 'rejected' } & BlockRef)
  /** BEP 6 hints. */
  | { type: 'suggest'; index: number }
  | { type: 'allowed-fast'; index: number }
  /** BEP 5: the peer's DHT port. */
  | { type: 'port'; port: number }
  /** BEP 10 handshake of the peer (its extension ids, reqq, metadata_size). */
  | { type: 'extension-handshake'; handshake: ExtensionHandshake }
  /** BEP 9 ut_metadata message. */
  | { type: 'metadata'; message: UtMetadataMessage }
  /** BEP 11 peer exchange. */
  | { type: 'pex'; message: PexMessage }
  /** Another BEP 10 extension message; `name` is undefined for ids we never advertised. */
  | { type: 'extended'; name: string | undefined; payload: Uint8Array }
  /** BEP 52 hash transfer messages, passed through for the v2 hash picker. */
  | { type: 'hash-message'; message: WireMessageOf<'hash-request' | 'hashes' | 'hash-reject'> }
  /** A keep-alive (only `lastReceivedAt` changes). */
  | { type: 'keep-alive' };

/** Options of {@link PeerSession}. */
export interface PeerSessionOptions {
  /** Hard limits (requests, metadata size, …); missing ones take the defaults. */
  limits?: Partial<WireLimits>;
  /** Torrent shape; omit for a magnet link and call `setGeometry` once metadata is known. */
  geometry?: TorrentGeometry;
  /** Extensions we offer in our handshake (default: fast and extended both on). */
  local?: { fast?: boolean; extended?: boolean; v2?: boolean; dht?: boolean };
  /** BEP 10 names → ids we want to receive them as (default ut_metadata 1, ut_pex 2). */
  localExtensions?: ReadonlyMap<string, number>;
}

/** Read-only view of a session's state. BEP 3: connections start choked and not interested. */
export interface PeerSessionState {
  /** We choke the peer / we are interested in it. */
  amChoking: boolean;
  amInterested: boolean;
  /** The peer chokes us / is interested in us. */
  peerChoking: boolean;
  peerInterested: boolean;
  /** Negotiated by both sides: BEP 6 fast extension, BEP 10 extension protocol. */
  fast: boolean;
  extended: boolean;
  /** The peer's 20-byte id, once its handshake arrived. */
  peerId: Uint8Array | null;
  /** Caller-clock times of the last message received / flushed. */
  lastReceivedAt: number;
  lastSentAt: number;
}
