/**
 * @module wire/extension-handshake — the BEP 10 extension handshake (extended message id 0).
 *
 * Payload: a bencoded dict, e.g. `d1:md11:ut_metadatai3e6:ut_pexi1ee1:pi6881e4:reqqi250e1:v6:Seed…e`.
 * Known keys: `m` (extension name → the id *the sender* wants to receive it as; 0 disables),
 * `v` (client name), `p` (listen port), `reqq` (outstanding requests it accepts), `yourip`
 * (our address as it sees it: 4 or 16 bytes), `metadata_size` (BEP 9: info dict length).
 */
import { bytesToBinary, encode, utf8Bytes, utf8Text, type BencodeInput } from '../bencode/index.js';
import { bytesField, decodeDict, dictField, intField, keyName } from './bencode-dict.js';
import { WireProtocolError } from './errors.js';
import type { WireLimits } from './limits.js';

/** A decoded/encodable BEP 10 handshake. Unknown keys are ignored when decoding. */
export interface ExtensionHandshake {
  /** Extension name → message id to use when sending it to this peer (1–255; 0 = disabled). */
  m: Map<string, number>;
  /** Client name and version, e.g. `Seedling 0.1.0`. */
  v?: string;
  /** TCP listen port of the sender. */
  p?: number;
  /** Number of outstanding requests the sender accepts. */
  reqq?: number;
  /** Size of the info dict in bytes (BEP 9), when the sender has the metadata. */
  metadataSize?: number;
  /** Our IP as the sender sees it: 4 (IPv4) or 16 (IPv6) bytes. */
  yourip?: Uint8Array;
}

/** Longest client name kept from `v` (it is only for display and logs). */
const MAX_CLIENT_NAME = 100;

/** Encode a handshake as the payload of an extended message with ext id 0. */
export function encodeExtensionHandshake(hs: ExtensionHandshake): Uint8Array {
  const m = new Map<string, BencodeInput>();
  for (const [name, id] of hs.m) m.set(bytesToBinary(utf8Bytes(name)), id);
  return encode({
    m,
    v: hs.v,
    p: hs.p,
    reqq: hs.reqq,
    metadata_size: hs.metadataSize,
    yourip: hs.yourip,
  });
}

/**
 * Decode a BEP 10 handshake payload. Throws `WIRE_BAD_EXTENDED` if it is not a bencoded dict
 * and `WIRE_METADATA_TOO_LARGE` if `metadata_size` exceeds `limits.maxMetadataSize`. Fields of
 * the wrong type are ignored (BEP 10 tells clients to ignore what they do not understand).
 */
export function decodeExtensionHandshake(payload: Uint8Array, limits: WireLimits): ExtensionHandshake {
  const { dict } = decodeDict(payload, limits.maxExtendedLength);
  const m = new Map<string, number>();
  const md = dictField(dict, 'm');
  if (md) {
    for (const [key, value] of md) {
      // Ids are one byte on the wire (the byte after id 20).
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255) m.set(keyName(key), value);
    }
  }
  const hs: ExtensionHandshake = { m };
  const v = bytesField(dict, 'v');
  if (v) hs.v = utf8Text(v.subarray(0, MAX_CLIENT_NAME));
  const p = intField(dict, 'p');
  if (p !== undefined && p > 0 && p <= 0xffff) hs.p = p;
  const reqq = intField(dict, 'reqq');
  if (reqq !== undefined && reqq > 0) hs.reqq = reqq;
  const size = intField(dict, 'metadata_size');
  if (dict.has('metadata_size') && size === undefined) {
    throw new WireProtocolError('WIRE_BAD_EXTENDED', 'metadata_size is not a non-negative integer');
  }
  if (size !== undefined) {
    if (size > limits.maxMetadataSize) {
      throw new WireProtocolError('WIRE_METADATA_TOO_LARGE', `metadata_size ${size} exceeds ${limits.maxMetadataSize}`);
    }
    hs.metadataSize = size;
  }
  const yourip = bytesField(dict, 'yourip');
  if (yourip && (yourip.length === 4 || yourip.length === 16)) hs.yourip = yourip.slice();
  return hs;
}
