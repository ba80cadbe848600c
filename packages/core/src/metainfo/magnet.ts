/**
 * @module metainfo/magnet — magnet links (BEP 9): `xt=urn:btih:` (v1, 40 hex or 32 base32),
 * `xt=urn:btmh:1220…` (v2 SHA-256 multihash, BEP 52), both for hybrid; `dn`, `tr`, `ws` (BEP 19),
 * `x.pe` peer addresses and `xl` exact length.
 */
import { bytesToHex, hexToBytes } from '../bencode/bytes.js';
import { base32Decode } from './base32.js';
import { MagnetError } from './errors.js';
import type { Metainfo } from './types.js';

/** A peer address from `x.pe` (IPv6 hosts without brackets). */
export interface MagnetPeer {
  readonly host: string;
  readonly port: number;
}

/** A parsed magnet link. */
export interface MagnetLink {
  readonly infoHashV1: Uint8Array | null;
  readonly infoHashV2: Uint8Array | null;
  readonly infoHashV1Hex: string | null;
  readonly infoHashV2Hex: string | null;
  /** `dn`: display name, or null. */
  readonly name: string | null;
  /** `tr`: tracker URLs, deduplicated, in link order. */
  readonly trackers: readonly string[];
  /** `ws`: web seed URLs (BEP 19). */
  readonly webSeeds: readonly string[];
  /** `x.pe`: peers to contact directly. */
  readonly peers: readonly MagnetPeer[];
  /** `xl`: exact total length in bytes, or null. */
  readonly length: number | null;
}

/** What {@link buildMagnet} needs: at least one info-hash. */
export interface MagnetInput {
  readonly infoHashV1?: Uint8Array | null;
  readonly infoHashV2?: Uint8Array | null;
  readonly name?: string | null;
  readonly trackers?: readonly string[];
  readonly webSeeds?: readonly string[];
  readonly peers?: readonly MagnetPeer[];
  readonly length?: number | null;
}

/** Longest magnet link accepted (links carry tracker lists, but not megabytes of them). */
export const MAX_MAGNET_LENGTH = 64 * 1024;
/** Multihash prefix of a SHA-256 digest: code 0x12, length 0x20 (BEP 52 `btmh`). */
const SHA256_MULTIHASH_PREFIX = '1220';

function decodeComponent(value: string, key: string): string {
  try {
    return decodeURIComponent(value);
  } catch (err) {
    throw new MagnetError('MAGNET_MALFORMED', `bad percent-encoding in "${key}"`, { cause: err });
  }
}

function parseBtih(value: string): Uint8Array {
  const hash = value.length === 40 ? hexToBytes(value) : value.length === 32 ? base32Decode(value) : null;
  if (hash === null || hash.length !== 20) throw new MagnetError('MAGNET_INVALID_INFO_HASH', `invalid btih "${value}" (40 hex or 32 base32 chars)`);
  return hash;
}

function parseBtmh(value: string): Uint8Array {
  const hash = value.length === 68 && value.slice(0, 4) === SHA256_MULTIHASH_PREFIX ? hexToBytes(value.slice(4)) : null;
  if (hash === null) throw new MagnetError('MAGNET_INVALID_INFO_HASH', `invalid btmh "${value}" (1220 + 64 hex chars)`);
  return hash;
}

/** Parses `host:port` or `[ipv6]:port`. */
export function parsePeerAddress(value: string): MagnetPeer {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([a-zA-Z0-9.-]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535 || (m[1] !== undefined && !m[1].includes(':'))) {
    throw new MagnetError('MAGNET_INVALID_PEER', `invalid peer address "${value}" (host:port or [ipv6]:port)`);
  }
  return { host: m[1] ?? m[2]!, port };
}

function same(a: Uint8Array | null, b: Uint8Array): boolean {
  return a === null || bytesToHex(a) === bytesToHex(b);
}

/**
 * Parses a magnet link.
 * @throws MagnetError (`MAGNET_NOT_MAGNET`, `MAGNET_MALFORMED`, `MAGNET_NO_INFO_HASH`,
 *   `MAGNET_INVALID_INFO_HASH`, `MAGNET_CONFLICTING_INFO_HASH`, `MAGNET_INVALID_PEER`,
 *   `MAGNET_INVALID_LENGTH`, `MAGNET_TOO_LARGE`).
 */
export function parseMagnet(uri: string): MagnetLink {
  if (uri.length > MAX_MAGNET_LENGTH) throw new MagnetError('MAGNET_TOO_LARGE', `magnet link longer than ${MAX_MAGNET_LENGTH} chars`);
  const trimmed = uri.trim();
  if (!/^magnet:\?/i.test(trimmed)) throw new MagnetError('MAGNET_NOT_MAGNET', 'not a magnet link (expected "magnet:?")');
  let v1: Uint8Array | null = null;
  let v2: Uint8Array | null = null;
  let name: string | null = null;
  let length: number | null = null;
  const trackers = new Set<string>();
  const webSeeds = new Set<string>();
  const peers: MagnetPeer[] = [];
  for (const param of trimmed.slice(8).split('&')) {
    if (param === '') continue;
    const eq = param.indexOf('=');
    // Numbered keys (xt.1, tr.2) are the same parameter repeated.
    const key = (eq < 0 ? param : param.slice(0, eq)).toLowerCase().replace(/\.\d+$/, '');
    const raw = eq < 0 ? '' : param.slice(eq + 1);
    const value = decodeComponent(key === 'dn' ? raw.replace(/\+/g, ' ') : raw, key).trim();
    if (key === 'xt') {
      const lower = value.toLowerCase();
      if (lower.startsWith('urn:btih:')) {
        const hash = parseBtih(value.slice(9));
        if (!same(v1, hash)) throw new MagnetError('MAGNET_CONFLICTING_INFO_HASH', 'two different btih info-hashes');
        v1 = hash;
      } else if (lower.startsWith('urn:btmh:')) {
        const hash = parseBtmh(value.slice(9));
        if (!same(v2, hash)) throw new MagnetError('MAGNET_CONFLICTING_INFO_HASH', 'two different btmh info-hashes');
        v2 = hash;
      }
    } else if (key === 'dn') {
      name = value.length > 0 ? value : name;
    } else if (key === 'tr' && value.length > 0) {
      trackers.add(value);
    } else if (key === 'ws' && value.length > 0) {
      webSeeds.add(value);
    } else if (key === 'x.pe' && value.length > 0) {
      peers.push(parsePeerAddress(value));
    } else if (key === 'xl') {
      if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new MagnetError('MAGNET_INVALID_LENGTH', `invalid xl "${value}"`);
      }
      length = Number(value);
    }
  }
  if (v1 === null && v2 === null) throw new MagnetError('MAGNET_NO_INFO_HASH', 'magnet link has no urn:btih or urn:btmh');
  return {
    infoHashV1: v1,
    infoHashV2: v2,
    infoHashV1Hex: v1 && bytesToHex(v1),
    infoHashV2Hex: v2 && bytesToHex(v2),
    name,
    trackers: [...trackers],
    webSeeds: [...webSeeds],
    peers,
    length,
  };
}

const formatPeer = (p: MagnetPeer): string => (p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`);

/**
 * Builds a magnet link; hybrid torrents get both `btih` and `btmh` (BEP 52).
 * @throws MagnetError `MAGNET_NO_INFO_HASH` / `MAGNET_INVALID_INFO_HASH` for missing or mis-sized
 *   hashes, `MAGNET_INVALID_PEER` for a bad peer address.
 */
export function buildMagnet(input: MagnetInput): string {
  const params: string[] = [];
  if (input.infoHashV1) {
    if (input.infoHashV1.length !== 20) throw new MagnetError('MAGNET_INVALID_INFO_HASH', 'v1 info-hash must be 20 bytes');
    params.push(`xt=urn:btih:${bytesToHex(input.infoHashV1)}`);
  }
  if (input.infoHashV2) {
    if (input.infoHashV2.length !== 32) throw new MagnetError('MAGNET_INVALID_INFO_HASH', 'v2 info-hash must be 32 bytes');
    params.push(`xt=urn:btmh:${SHA256_MULTIHASH_PREFIX}${bytesToHex(input.infoHashV2)}`);
  }
  if (params.length === 0) throw new MagnetError('MAGNET_NO_INFO_HASH', 'a magnet link needs an info-hash');
  if (input.name) params.push(`dn=${encodeURIComponent(input.name)}`);
  if (input.length !== undefined && input.length !== null) params.push(`xl=${input.length}`);
  for (const tr of new Set(input.trackers ?? [])) params.push(`tr=${encodeURIComponent(tr)}`);
  for (const ws of new Set(input.webSeeds ?? [])) params.push(`ws=${encodeURIComponent(ws)}`);
  for (const peer of input.peers ?? []) {
    // Unencoded, as libtorrent does not percent-decode x.pe; parsing validates it (no '&', '#').
    const address = formatPeer(peer);
    parsePeerAddress(address);
    params.push(`x.pe=${address}`);
  }
  return `magnet:?${params.join('&')}`;
}

/** The magnet link of a torrent: its info-hash(es), name, length, trackers and web seeds. */
export function magnetFromMetainfo(meta: Metainfo, extra: { readonly peers?: readonly MagnetPeer[] } = {}): string {
  return buildMagnet({
    infoHashV1: meta.infoHashV1,
    infoHashV2: meta.infoHashV2,
    name: meta.name,
    length: meta.length,
    trackers: meta.announce,
    webSeeds: meta.urlList,
    ...(extra.peers ? { peers: extra.peers } : {}),
  });
}
