/**
 * @module tracker/http-codec — HTTP tracker URLs and responses: the announce query (BEP 3, with
 * binary info_hash and peer_id percent-encoded byte by byte), the scrape URL convention
 * (BEP 48) and decoding of bencoded responses (compact BEP 23 / BEP 7 and dict peer lists).
 */
import { decode } from '../bencode/decode.js';
import type { BencodeDict, BencodeValue } from '../bencode/types.js';
import { binaryToBytes, bytesToHex, utf8Text } from '../bencode/bytes.js';
import { decodeCompactPeers } from './compact-peers.js';
import { TrackerError } from './errors.js';
import type { AnnounceEvent, AnnounceResponse, AnnounceStats, PeerAddress, ScrapeEntry } from './types.js';

/** Parameters of one HTTP announce. */
export interface HttpAnnounceParams extends AnnounceStats {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  /** TCP port the client listens on. */
  port: number;
  event?: AnnounceEvent;
  numwant?: number;
  /** Ask for compact peers (default true, BEP 23). */
  compact?: boolean;
  /** BEP 3 `key`, `trackerid` (from a previous response) and `ip`. */
  key?: string;
  trackerId?: string;
  ip?: string;
}

/** Percent-encodes every byte except RFC 3986 unreserved characters. */
export function percentEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const unreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
    out += unreserved ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/** Checks an id is exactly 20 bytes (info-hash v1, peer id). */
export function assert20(name: string, v: Uint8Array): void {
  if (!(v instanceof Uint8Array) || v.length !== 20) throw new TrackerError('TRACKER_BAD_INPUT', `${name} must be 20 bytes`);
}

/** Checks the URL is http(s) and returns it parsed. */
export function httpTrackerUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    throw new TrackerError('TRACKER_BAD_URL', `not a URL: ${url}`, { cause: err });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TrackerError('TRACKER_BAD_URL', `not an HTTP tracker: ${url}`);
  return u;
}

/** The full announce URL (existing query parameters, e.g. an access token, are kept). */
export function buildAnnounceUrl(announceUrl: string, p: HttpAnnounceParams): string {
  httpTrackerUrl(announceUrl);
  assert20('infoHash', p.infoHash);
  assert20('peerId', p.peerId);
  const q = [
    `info_hash=${percentEncodeBytes(p.infoHash)}`,
    `peer_id=${percentEncodeBytes(p.peerId)}`,
    `port=${p.port}`,
    `uploaded=${Math.max(0, Math.floor(p.uploaded))}`,
    `downloaded=${Math.max(0, Math.floor(p.downloaded))}`,
    `left=${Math.max(0, Math.floor(p.left))}`,
    `compact=${p.compact === false ? 0 : 1}`,
  ];
  if (p.event && p.event !== 'update') q.push(`event=${p.event}`);
  if (p.numwant !== undefined) q.push(`numwant=${p.numwant}`);
  if (p.key) q.push(`key=${encodeURIComponent(p.key)}`);
  if (p.trackerId) q.push(`trackerid=${encodeURIComponent(p.trackerId)}`);
  if (p.ip) q.push(`ip=${encodeURIComponent(p.ip)}`);
  const hash = announceUrl.indexOf('#');
  const base = hash < 0 ? announceUrl : announceUrl.slice(0, hash);
  return `${base}${base.includes('?') ? '&' : '?'}${q.join('&')}`;
}

/**
 * The scrape URL of an announce URL (BEP 48): the last path segment must start with
 * `announce`, which is replaced by `scrape`; otherwise the tracker has no scrape (null).
 */
export function scrapeUrlFor(announceUrl: string, infoHashes: readonly Uint8Array[]): string | null {
  const u = httpTrackerUrl(announceUrl);
  const slash = u.pathname.lastIndexOf('/');
  const last = u.pathname.slice(slash + 1);
  if (!last.startsWith('announce')) return null;
  u.pathname = `${u.pathname.slice(0, slash + 1)}scrape${last.slice('announce'.length)}`;
  const extra = infoHashes.map((h) => {
    assert20('infoHash', h);
    return `info_hash=${percentEncodeBytes(h)}`;
  });
  const base = u.toString().replace(/#.*$/, '');
  return extra.length === 0 ? base : `${base}${u.search ? '&' : '?'}${extra.join('&')}`;
}

function decodeDict(body: Uint8Array, maxSize: number): BencodeDict {
  let v: BencodeValue;
  try {
    v = decode(body, { maxSize, outerKeyOrder: 'lenient', maxDepth: 8 });
  } catch (err) {
    throw new TrackerError('TRACKER_BAD_RESPONSE', `tracker response is not valid bencode: ${(err as Error).message}`, { cause: err });
  }
  if (!(v instanceof Map)) throw new TrackerError('TRACKER_BAD_RESPONSE', 'tracker response is not a dictionary');
  const failure = v.get('failure reason');
  if (failure instanceof Uint8Array) {
    const reason = utf8Text(failure);
    throw new TrackerError('TRACKER_FAILURE', `tracker refused: ${reason}`, { failureReason: reason });
  }
  return v;
}

const int = (v: BencodeValue | undefined): number | undefined => (typeof v === 'number' && v >= 0 ? v : undefined);
const text = (v: BencodeValue | undefined): string | undefined => (v instanceof Uint8Array ? utf8Text(v) : undefined);

/** Decodes an announce response; `failure reason` becomes a `TRACKER_FAILURE` error. */
export function parseAnnounceResponse(body: Uint8Array, maxSize = body.length): AnnounceResponse {
  const d = decodeDict(body, Math.max(1, maxSize));
  const interval = int(d.get('interval'));
  if (interval === undefined) throw new TrackerError('TRACKER_BAD_RESPONSE', 'tracker response has no interval');
  const peers: PeerAddress[] = [];
  const raw = d.get('peers');
  if (raw instanceof Uint8Array) peers.push(...decodeCompactPeers(raw, 4));
  else if (Array.isArray(raw)) {
    for (const p of raw) {
      if (!(p instanceof Map)) continue;
      const ip = text(p.get('ip'));
      const port = int(p.get('port'));
      const id = p.get('peer id');
      // Port 0 is kept only with a peer id: seedling-relay lists tunnel-only peers (browser
      // pages, no TCP listener) that way, for relay-tunnel lookups; TCP dialers skip port 0.
      if (!ip || port === undefined || port > 65535 || (port === 0 && !(id instanceof Uint8Array && id.length === 20))) continue;
      peers.push({ ip, port, family: ip.includes(':') ? 6 : 4, ...(id instanceof Uint8Array && id.length === 20 ? { peerId: id } : {}) });
    }
  }
  const raw6 = d.get('peers6');
  if (raw6 instanceof Uint8Array) peers.push(...decodeCompactPeers(raw6, 6));
  const out: { -readonly [K in keyof AnnounceResponse]: AnnounceResponse[K] } = { interval, peers };
  const minInterval = int(d.get('min interval'));
  if (minInterval !== undefined) out.minInterval = minInterval;
  const complete = int(d.get('complete'));
  if (complete !== undefined) out.complete = complete;
  const incomplete = int(d.get('incomplete'));
  if (incomplete !== undefined) out.incomplete = incomplete;
  const trackerId = text(d.get('tracker id'));
  if (trackerId !== undefined) out.trackerId = trackerId;
  const warning = text(d.get('warning message'));
  if (warning !== undefined) out.warning = warning;
  return out;
}

/** Decodes a scrape response (BEP 48) into entries keyed by info-hash (lowercase hex). */
export function parseScrapeResponse(body: Uint8Array, maxSize = body.length): Map<string, ScrapeEntry> {
  const d = decodeDict(body, Math.max(1, maxSize));
  const files = d.get('files');
  if (!(files instanceof Map)) throw new TrackerError('TRACKER_BAD_RESPONSE', 'scrape response has no files dictionary');
  const out = new Map<string, ScrapeEntry>();
  for (const [hash, v] of files) {
    if (!(v instanceof Map) || hash.length !== 20) continue;
    out.set(bytesToHex(binaryToBytes(hash) as Uint8Array), { complete: int(v.get('complete')) ?? 0, incomplete: int(v.get('incomplete')) ?? 0, downloaded: int(v.get('downloaded')) ?? 0 });
  }
  return out;
}

