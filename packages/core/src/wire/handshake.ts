/**
 * @module wire/handshake — the BEP 3 handshake and its reserved-bit extension flags.
 *
 * Layout (68 bytes): `<pstrlen=19><pstr="BitTorrent protocol"><reserved:8><info_hash:20><peer_id:20>`.
 */
import { WireProtocolError } from './errors.js';
import type { HandshakeMessage } from './messages.js';

/** BEP 3 protocol string. */
export const PROTOCOL_STRING = 'BitTorrent protocol';
/** Total handshake length: 1 + 19 + 8 + 20 + 20. */
export const HANDSHAKE_LENGTH = 68;
/** Length of info-hash and peer id in the handshake. */
export const ID_LENGTH = 20;

const PSTR = new TextEncoder().encode(PROTOCOL_STRING);
const RESERVED_OFFSET = 20;
const INFO_HASH_OFFSET = 28;
const PEER_ID_OFFSET = 48;

/** Reserved bits as (byte index, mask) pairs. */
const FAST_BIT = { byte: 7, mask: 0x04 } as const; // BEP 6: reserved[7] & 0x04
const EXTENSION_BIT = { byte: 5, mask: 0x10 } as const; // BEP 10: reserved[5] & 0x10
const V2_BIT = { byte: 7, mask: 0x10 } as const; // BEP 52: reserved[7] & 0x10 (upgrade to v2)
const DHT_BIT = { byte: 7, mask: 0x01 } as const; // BEP 5: reserved[7] & 0x01

/** Extensions a peer advertises in its reserved bytes. */
export interface ReservedFlags {
  /** BEP 6 fast extension. */
  fast?: boolean;
  /** BEP 10 extension protocol. */
  extended?: boolean;
  /** BEP 52 v2 upgrade for hybrid torrents. */
  v2?: boolean;
  /** BEP 5 DHT (the peer may send `port`). */
  dht?: boolean;
}

/** Build 8 reserved bytes with the given extension bits set. */
export function makeReserved(flags: ReservedFlags): Uint8Array {
  const r = new Uint8Array(8);
  if (flags.fast) r[FAST_BIT.byte]! |= FAST_BIT.mask;
  if (flags.extended) r[EXTENSION_BIT.byte]! |= EXTENSION_BIT.mask;
  if (flags.v2) r[V2_BIT.byte]! |= V2_BIT.mask;
  if (flags.dht) r[DHT_BIT.byte]! |= DHT_BIT.mask;
  return r;
}

/** Read the known extension bits from 8 reserved bytes. */
export function readReserved(reserved: Uint8Array): Required<ReservedFlags> {
  return {
    fast: supportsFast(reserved),
    extended: supportsExtended(reserved),
    v2: supportsV2(reserved),
    dht: (reserved[DHT_BIT.byte]! & DHT_BIT.mask) !== 0,
  };
}

/** BEP 6: reserved[7] & 0x04. */
export function supportsFast(reserved: Uint8Array): boolean {
  return (reserved[FAST_BIT.byte]! & FAST_BIT.mask) !== 0;
}

/** BEP 10: reserved[5] & 0x10. */
export function supportsExtended(reserved: Uint8Array): boolean {
  return (reserved[EXTENSION_BIT.byte]! & EXTENSION_BIT.mask) !== 0;
}

/** BEP 52: reserved[7] & 0x10. */
export function supportsV2(reserved: Uint8Array): boolean {
  return (reserved[V2_BIT.byte]! & V2_BIT.mask) !== 0;
}

/** Encode a 68-byte handshake. Throws `WIRE_BAD_HANDSHAKE` on wrong field sizes. */
export function encodeHandshake(h: Omit<HandshakeMessage, 'type'>): Uint8Array {
  if (h.reserved.length !== 8 || h.infoHash.length !== ID_LENGTH || h.peerId.length !== ID_LENGTH) {
    throw new WireProtocolError('WIRE_BAD_HANDSHAKE', 'handshake needs 8 reserved bytes, 20-byte info-hash and peer id');
  }
  const out = new Uint8Array(HANDSHAKE_LENGTH);
  out[0] = PSTR.length;
  out.set(PSTR, 1);
  out.set(h.reserved, RESERVED_OFFSET);
  out.set(h.infoHash, INFO_HASH_OFFSET);
  out.set(h.peerId, PEER_ID_OFFSET);
  return out;
}

/**
 * Check the first `bytes.length` bytes of a handshake prefix, so a wrong pstr fails as soon as
 * the bad byte arrives rather than after 68 bytes.
 */
export function checkHandshakePrefix(bytes: Uint8Array, offsetInHandshake: number): void {
  for (let i = 0; i < bytes.length; i++) {
    const pos = offsetInHandshake + i;
    if (pos >= RESERVED_OFFSET) return;
    const want = pos === 0 ? PSTR.length : PSTR[pos - 1]!;
    if (bytes[i] !== want) {
      throw new WireProtocolError('WIRE_BAD_HANDSHAKE', `bad protocol string at byte ${pos}`);
    }
  }
}

/** Decode exactly 68 bytes. The returned fields are copies (the handshake outlives its chunk). */
export function decodeHandshake(bytes: Uint8Array): HandshakeMessage {
  if (bytes.length !== HANDSHAKE_LENGTH) {
    throw new WireProtocolError('WIRE_BAD_HANDSHAKE', `handshake is ${bytes.length} bytes, expected 68`);
  }
  checkHandshakePrefix(bytes.subarray(0, RESERVED_OFFSET), 0);
  return {
    type: 'handshake',
    reserved: bytes.slice(RESERVED_OFFSET, INFO_HASH_OFFSET),
    infoHash: bytes.slice(INFO_HASH_OFFSET, PEER_ID_OFFSET),
    peerId: bytes.slice(PEER_ID_OFFSET, HANDSHAKE_LENGTH),
  };
}

/** Constant-shape byte comparison for ids/hashes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
