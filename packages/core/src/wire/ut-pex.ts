/**
 * @module wire/ut-pex — BEP 11 peer exchange (extension name `ut_pex`).
 *
 * Payload: a bencoded dict of compact peer lists: `added` / `dropped` (6 bytes per IPv4 peer:
 * 4 address + 2 port, big-endian), `added6` / `dropped6` (18 bytes per IPv6 peer), and
 * `added.f` / `added6.f` (one flag byte per added peer, e.g. 0x02 = seed, 0x10 = reachable).
 */
import { encode } from '../bencode/index.js';
import { bytesField, decodeDict } from './bencode-dict.js';
import { WireProtocolError } from './errors.js';
import type { WireLimits } from './limits.js';

/** BEP 10 name of the extension. */
export const UT_PEX = 'ut_pex';
/** BEP 11 asks for at most 50 added and 50 dropped per message; we accept some slack. */
export const MAX_PEX_PEERS = 200;

/** One peer address; `flags` only on added peers that came with an `.f` byte. */
export interface PexPeer {
  /** Dotted IPv4 or uncompressed IPv6 (8 hex groups) address. */
  host: string;
  port: number;
  flags?: number;
}

/** A decoded ut_pex message. */
export interface PexMessage {
  added: PexPeer[];
  dropped: PexPeer[];
}

function parsePeers(bytes: Uint8Array | undefined, flags: Uint8Array | undefined, v6: boolean): PexPeer[] {
  if (!bytes) return [];
  const size = v6 ? 18 : 6;
  if (bytes.length % size !== 0) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_pex compact peer list has a partial entry');
  if (bytes.length / size > MAX_PEX_PEERS) throw new WireProtocolError('WIRE_BAD_EXTENDED', 'ut_pex lists too many peers');
  const out: PexPeer[] = [];
  for (let o = 0, i = 0; o < bytes.length; o += size, i++) {
    const ip = bytes.subarray(o, o + size - 2);
    const host = v6
      ? Array.from({ length: 8 }, (_, g) => ((ip[g * 2]! << 8) | ip[g * 2 + 1]!).toString(16)).join(':')
      : Array.from(ip).join('.');
    const peer: PexPeer = { host, port: (bytes[o + size - 2]! << 8) | bytes[o + size - 1]! };
    if (flags && i < flags.length) peer.flags = flags[i]!;
    out.push(peer);
  }
  return out;
}

function compact(peers: PexPeer[], v6: boolean): Uint8Array {
  const size = v6 ? 18 : 6;
  const out = new Uint8Array(peers.length * size);
  peers.forEach((p, i) => {
    const o = i * size;
    if (v6) {
      const groups = p.host.split(':');
      if (groups.length !== 8) throw new WireProtocolError('WIRE_BAD_EXTENDED', `ut_pex needs an uncompressed IPv6 address, got ${p.host}`);
      groups.forEach((g, k) => {
        const n = parseInt(g, 16);
        out[o + k * 2] = n >> 8;
        out[o + k * 2 + 1] = n & 0xff;
      });
    } else {
      out.set(p.host.split('.').map(Number), o);
    }
    out[o + size - 2] = p.port >> 8;
    out[o + size - 1] = p.port & 0xff;
  });
  return out;
}

const isV6 = (p: PexPeer): boolean => p.host.includes(':');

/** Encode a ut_pex payload (IPv4 and IPv6 peers are split by address family). */
export function encodeUtPex(msg: PexMessage): Uint8Array {
  const added4 = msg.added.filter((p) => !isV6(p));
  const added6 = msg.added.filter(isV6);
  const flags = (ps: PexPeer[]): Uint8Array => Uint8Array.from(ps, (p) => p.flags ?? 0);
  return encode({
    added: compact(added4, false),
    'added.f': flags(added4),
    added6: added6.length ? compact(added6, true) : undefined,
    'added6.f': added6.length ? flags(added6) : undefined,
    dropped: compact(msg.dropped.filter((p) => !isV6(p)), false),
    dropped6: msg.dropped.some(isV6) ? compact(msg.dropped.filter(isV6), true) : undefined,
  });
}

/** Decode a ut_pex payload. Throws `WIRE_BAD_EXTENDED` on malformed or oversized lists. */
export function decodeUtPex(payload: Uint8Array, limits: WireLimits): PexMessage {
  const { dict } = decodeDict(payload, limits.maxExtendedLength);
  return {
    added: [
      ...parsePeers(bytesField(dict, 'added'), bytesField(dict, 'added.f'), false),
      ...parsePeers(bytesField(dict, 'added6'), bytesField(dict, 'added6.f'), true),
    ],
    dropped: [...parsePeers(bytesField(dict, 'dropped'), undefined, false), ...parsePeers(bytesField(dict, 'dropped6'), undefined, true)],
  };
}
