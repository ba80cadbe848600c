/**
 * @module tracker/ws-protocol — message shapes of the WebTorrent tracker protocol (as served by
 * bittorrent-tracker and by the Seedling relay): JSON text frames where info_hash, peer_id,
 * to_peer_id and offer_id are 20-byte *binary strings* (one char per byte).
 */
import { binaryToBytes, bytesToBinary, bytesToHex } from '../bencode/bytes.js';

/** An SDP description as WebRTC produces it (`RTCSessionDescriptionInit`). */
export interface SessionDescription {
  type: string;
  sdp: string;
}

/** An offer to announce: the caller creates it (WebRTC) and picks a random 20-byte id. */
export interface OutgoingOffer {
  offerId: Uint8Array;
  offer: SessionDescription;
}

/** An offer another peer sent through the tracker. Answer it with `sendAnswer`. */
export interface IncomingOffer {
  infoHash: Uint8Array;
  /** The offerer (answer to it with `toPeerId: peerId`). */
  peerId: Uint8Array;
  offerId: Uint8Array;
  offer: SessionDescription;
}

/** An answer to one of our offers, matched by `offerId`. */
export interface IncomingAnswer {
  infoHash: Uint8Array;
  /** The answerer. */
  peerId: Uint8Array;
  offerId: Uint8Array;
  answer: SessionDescription;
}

/** The tracker's reply to an announce. */
export interface WsAnnounceResult {
  infoHash: Uint8Array;
  /** Seconds until the next announce. */
  interval: number;
  complete: number;
  incomplete: number;
}

/** Max SDP size accepted from the tracker (bytes of text); larger descriptions are dropped. */
export const MAX_SDP_CHARS = 64 * 1024;

/** Bytes → binary string (one char per byte), as ids travel in this protocol. */
export const toBinaryString = bytesToBinary;

/** Binary string → bytes, or null if a char is above 255. */
export function fromBinaryString(s: string): Uint8Array | null {
  return binaryToBytes(s);
}

/** 20-byte id from a message field, or null if it is not a 20-char binary string. */
export function idFrom(v: unknown): Uint8Array | null {
  if (typeof v !== 'string' || v.length !== 20) return null;
  return binaryToBytes(v);
}

/** A session description from a message field, or null if malformed or too large. */
export function descriptionFrom(v: unknown): SessionDescription | null {
  if (typeof v !== 'object' || v === null) return null;
  const { type, sdp } = v as Record<string, unknown>;
  if (typeof type !== 'string' || typeof sdp !== 'string' || sdp.length > MAX_SDP_CHARS || type.length > 32) return null;
  return { type, sdp };
}

/** Lowercase hex of an id (for map keys and logs). */
export const idHex = bytesToHex;
