/**
 * @module swarm/extension-protocol — the swarm's view of BEP 10 extension handshakes and BEP 9
 * ut_metadata messages, over the wire module's codecs (wire/extension-handshake.ts,
 * wire/ut-metadata.ts): we advertise ut_metadata under {@link UT_METADATA_LOCAL_ID} with
 * `metadata_size`, `reqq`, `v` and `p`, and keep from a peer's handshake what the swarm uses.
 */
import { decodeExtensionHandshake as decodeHandshake, encodeExtensionHandshake as encodeHandshake } from '../wire/extension-handshake.js';
import { resolveLimits } from '../wire/limits.js';
import { decodeUtMetadata, encodeUtMetadata, METADATA_PIECE_LENGTH, UT_METADATA } from '../wire/ut-metadata.js';
import type { PeerExtensions } from './peer-connection.js';

/** Our local extended-message id for ut_metadata (what we put in `m`). */
export const UT_METADATA_LOCAL_ID = 1;
/** BEP 9: metadata is exchanged in 16 KiB pieces. */
export const METADATA_PIECE_SIZE = METADATA_PIECE_LENGTH;

/** ut_metadata message types (BEP 9). */
export const MetadataMsgType = { Request: 0, Data: 1, Reject: 2 } as const;

/** A ut_metadata message as the swarm handles it. */
export interface MetadataMessage {
  msgType: number;
  piece: number;
  totalSize?: number;
  /** For `data`: the metadata bytes after the dict. */
  data?: Uint8Array;
}

/** Our BEP 10 handshake payload. */
export function encodeExtensionHandshake(opts: { metadataSize?: number; reqq: number; client: string; port?: number }): Uint8Array {
  return encodeHandshake({
    m: new Map([[UT_METADATA, UT_METADATA_LOCAL_ID]]),
    v: opts.client,
    reqq: opts.reqq,
    ...(opts.port ? { p: opts.port } : {}),
    ...(opts.metadataSize ? { metadataSize: opts.metadataSize } : {}),
  });
}

/** Parse a peer's BEP 10 handshake (typed WireProtocolError on malformed or oversized input). */
export function decodeExtensionHandshake(payload: Uint8Array, maxMetadataSize: number): PeerExtensions {
  const hs = decodeHandshake(payload, resolveLimits({ maxMetadataSize }));
  const out: PeerExtensions = {};
  const id = hs.m.get(UT_METADATA);
  if (id !== undefined && id > 0) out.utMetadata = id;
  if (hs.metadataSize !== undefined && hs.metadataSize > 0) out.metadataSize = hs.metadataSize;
  if (hs.reqq !== undefined) out.reqq = hs.reqq;
  if (hs.v !== undefined) out.client = hs.v;
  // The peer-dialer tells by it that an inbound peer is one a tracker also lists (BEP 10 `p`).
  if (hs.p !== undefined) out.listenPort = hs.p;
  return out;
}

/** Encode a ut_metadata request/reject, or a data message with its piece appended. */
export function encodeMetadataMessage(msg: MetadataMessage): Uint8Array {
  if (msg.msgType === MetadataMsgType.Data) {
    return encodeUtMetadata({ msgType: 'data', piece: msg.piece, totalSize: msg.totalSize ?? 0, data: msg.data ?? new Uint8Array(0) });
  }
  return encodeUtMetadata({ msgType: msg.msgType === MetadataMsgType.Request ? 'request' : 'reject', piece: msg.piece });
}

/** Decode a ut_metadata payload; null for an unknown `msg_type` (BEP 9: ignore it). */
export function decodeMetadataMessage(payload: Uint8Array, maxMetadataSize?: number): MetadataMessage | null {
  const msg = decodeUtMetadata(payload, resolveLimits(maxMetadataSize ? { maxMetadataSize } : {}));
  if (!msg) return null;
  if (msg.msgType === 'data') return { msgType: MetadataMsgType.Data, piece: msg.piece, totalSize: msg.totalSize, data: msg.data };
  return { msgType: msg.msgType === 'request' ? MetadataMsgType.Request : MetadataMsgType.Reject, piece: msg.piece };
}
