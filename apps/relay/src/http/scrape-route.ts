/**
 * @module http/scrape-route — `GET /scrape` (BEP 48): `files` keyed by the 20-byte info-hash with
 * complete / incomplete / downloaded. A scrape without info_hash is refused: listing every
 * swarm would reveal what is being shared, which share links keep out of the relay's logs.
 */
import type { Context } from 'hono';
import type { BValue } from './bencode.js';
import { bencodeResponse, type TrackerDeps } from './announce-route.js';
import { parseBinaryQuery } from './query.js';

/** Info-hashes one scrape may ask about. */
export const MAX_SCRAPE_HASHES = 100;

/** Creates the `/scrape` handler. */
export function scrapeHandler(deps: TrackerDeps) {
  return (c: Context): Response => {
    deps.metrics.scrapes.http.inc();
    const hashes = parseBinaryQuery(c.req.url).get('info_hash') ?? [];
    if (hashes.length === 0) return bencodeResponse({ 'failure reason': 'info_hash is required' });
    if (hashes.length > MAX_SCRAPE_HASHES) return bencodeResponse({ 'failure reason': `at most ${MAX_SCRAPE_HASHES} info_hash per scrape` });
    if (hashes.some((h) => h.length !== 20)) return bencodeResponse({ 'failure reason': 'invalid info_hash' });
    return bencodeResponse({ files: scrapeFiles(deps, hashes), flags: { min_request_interval: deps.config.minInterval } });
  };
}

/** BEP 48 `files` for the given info-hashes (zeros for unknown swarms). */
export function scrapeFiles(deps: Pick<TrackerDeps, 'registry'>, hashes: string[]): Record<string, BValue> {
  const files: Record<string, BValue> = {};
  for (const h of hashes) {
    const s = deps.registry.get(h);
    files[h] = { complete: s?.complete ?? 0, incomplete: s?.incomplete ?? 0, downloaded: s?.downloaded ?? 0 };
  }
  return files;
}
