/** @module metainfo/trackers — `announce`/`announce-list` (BEP 12) and `url-list` (BEP 19). */
import { utf8Text } from '../bencode/bytes.js';
import type { BencodeDict, BencodeValue } from '../bencode/types.js';

function url(v: BencodeValue | undefined): string | null {
  if (!(v instanceof Uint8Array)) return null;
  const s = utf8Text(v).trim();
  return s.length > 0 ? s : null;
}

/**
 * Tracker tiers: `announce-list` tiers (BEP 12), each URL once, with `announce` as a first tier
 * when no tier lists it. Tolerates a flat list of URLs (a common mistake) as one URL per tier;
 * entries of the wrong type are skipped — trackers are hints, not part of the info-hash.
 */
export function readAnnounceTiers(torrent: BencodeDict): string[][] {
  const seen = new Set<string>();
  const tiers: string[][] = [];
  const list = torrent.get('announce-list');
  if (Array.isArray(list)) {
    for (const tier of list) {
      const urls = (Array.isArray(tier) ? tier : [tier]).map(url).filter((u): u is string => u !== null && !seen.has(u));
      const unique = [...new Set(urls)];
      unique.forEach((u) => seen.add(u));
      if (unique.length > 0) tiers.push(unique);
    }
  }
  const main = url(torrent.get('announce'));
  if (main !== null && !seen.has(main)) tiers.unshift([main]);
  return tiers;
}

/** Web seed URLs (BEP 19): `url-list` as one string or a list, deduplicated. */
export function readUrlList(torrent: BencodeDict): string[] {
  const v = torrent.get('url-list');
  const items = Array.isArray(v) ? v : [v];
  return [...new Set(items.map(url).filter((u): u is string => u !== null))];
}

/** The `announce` / `announce-list` fields for tiers (deduplicated; one URL → `announce` only). */
export function announceFields(tiers: readonly (readonly string[])[]): { announce?: string; 'announce-list'?: string[][] } {
  const seen = new Set<string>();
  const keep = (u: string): boolean => u.length > 0 && !seen.has(u) && seen.add(u) !== undefined;
  const clean = tiers.map((t) => t.map((u) => u.trim()).filter(keep)).filter((t) => t.length > 0);
  if (clean.length === 0) return {};
  const first = clean[0]![0]!;
  if (clean.length === 1 && clean[0]!.length === 1) return { announce: first };
  return { announce: first, 'announce-list': clean.map((t) => [...t]) };
}
