/** @module wire/messages — the decoded form of every peer wire message (a discriminated union). */

/** A block address inside a piece: BEP 3 request/cancel, BEP 6 reject. */
export interface BlockRef {
  index: number;
  begin: number;
  length: number;
}

/** BEP 3 handshake: `<19><"BitTorrent protocol"><reserved:8><info_hash:20><peer_id:20>`. */
export interface HandshakeMessage {
  type: 'handshake';
  /** 8 reserved bytes carrying extension bits (see handshake.ts helpers). */
  reserved: Uint8Array;
  /** 20 bytes: SHA-1 info-hash (v1) or the SHA-256 info-hash truncated to 20 bytes (BEP 52). */
  infoHash: Uint8Array;
  /** 20 bytes chosen by the peer. */
  peerId: Uint8Array;
}

/** BEP 52 hash request/reject fields: `<pieces root:32><base layer><index><length><proof layers>`. */
export interface HashRequestFields {
  /** 32-byte merkle root of the file (its `pieces root`). */
  piecesRoot: Uint8Array;
  /** Tree layer of the requested hashes, 0 = 16 KiB leaf layer. */
  baseLayer: number;
  /** Offset of the first hash in the base layer. */
  index: number;
  /** Number of base-layer hashes. */
  length: number;
  /** Number of ancestor layers of uncle hashes wanted for the proof. */
  proofLayers: number;
}

/** Every message the frame decoder yields and the encoder accepts. */
export type WireMessage =
  | HandshakeMessage
  /** BEP 3: `<len=0>`. */
  | { type: 'keep-alive' }
  /** BEP 3: `<len=1><id=0>`. */
  | { type: 'choke' }
  /** BEP 3: `<len=1><id=1>`. */
  | { type: 'unchoke' }
  /** BEP 3: `<len=1><id=2>`. */
  | { type: 'interested' }
  /** BEP 3: `<len=1><id=3>`. */
  | { type: 'not-interested' }
  /** BEP 3: `<len=5><id=4><index:u32>`. */
  | { type: 'have'; index: number }
  /** BEP 3: `<len=1+X><id=5><bits:X>`, high bit of byte 0 = piece 0. */
  | { type: 'bitfield'; bits: Uint8Array }
  /** BEP 3: `<len=13><id=6><index><begin><length>`. */
  | ({ type: 'request' } & BlockRef)
  /** BEP 3: `<len=9+X><id=7><index><begin><block:X>`; `block` is a view when possible. */
  | { type: 'piece'; index: number; begin: number; block: Uint8Array }
  /** BEP 3: `<len=13><id=8><index><begin><length>`. */
  | ({ type: 'cancel' } & BlockRef)
  /** BEP 5: `<len=3><id=9><listen-port:u16>` (DHT port). */
  | { type: 'port'; port: number }
  /** BEP 6: `<len=5><id=13><index>`. */
  | { type: 'suggest'; index: number }
  /** BEP 6: `<len=1><id=14>`. */
  | { type: 'have-all' }
  /** BEP 6: `<len=1><id=15>`. */
  | { type: 'have-none' }
  /** BEP 6: `<len=13><id=16><index><begin><length>`. */
  | ({ type: 'reject' } & BlockRef)
  /** BEP 6: `<len=5><id=17><index>`. */
  | { type: 'allowed-fast'; index: number }
  /** BEP 10: `<len=2+X><id=20><ext id:u8><payload:X>`; ext id 0 = extension handshake. */
  | { type: 'extended'; extId: number; payload: Uint8Array }
  /** BEP 52: `<len=49><id=21><pieces root:32><base layer><index><length><proof layers>`. */
  | ({ type: 'hash-request' } & HashRequestFields)
  /** BEP 52: `<len=49+32N><id=22>` + hash-request fields + `<hashes:32N>`. */
  | ({ type: 'hashes'; hashes: Uint8Array } & HashRequestFields)
  /** BEP 52: `<len=49><id=23>` + hash-request fields. */
  | ({ type: 'hash-reject' } & HashRequestFields);

/** The `type` tag of a {@link WireMessage}. */
export type WireMessageType = WireMessage['type'];

/** Narrow {@link WireMessage} to one `type`. */
export type WireMessageOf<T extends WireMessageType> = Extract<WireMessage, { type: T }>;
