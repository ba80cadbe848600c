/**
 * @module lib/magnet — magnet links via core (BEP 9 / BEP 52 `btmh`), and share links: an
 * http(s) URL on the relay's origin with the magnet in its fragment (never sent to the server).
 */
import { buildMagnet, parseMagnet as parseCoreMagnet, type MagnetLink, type Metainfo } from '@seedling/core';
import { badInput } from './errors.js';

export { buildMagnet, magnetFromMetainfo } from '@seedling/core';

/** A magnet link as the CLI uses it: hashes, name, trackers and `x.pe` peers as `host:port`. */
export interface ParsedMagnet {
  infoHashV1: Uint8Array | null;
  infoHashV2: Uint8Array | null;
  infoHashV1Hex: string | null;
  infoHashV2Hex: string | null;
  name: string | null;
  trackers: string[];
  peers: string[];
}

/** Parse a magnet link (core's parser; its MagnetError codes map to exit 2). */
export function parseMagnet(uri: string): ParsedMagnet {
  const m: MagnetLink = parseCoreMagnet(uri);
  return {
    infoHashV1: m.infoHashV1,
    infoHashV2: m.infoHashV2,
    infoHashV1Hex: m.infoHashV1Hex,
    infoHashV2Hex: m.infoHashV2Hex,
    name: m.name,
    trackers: [...m.trackers],
    peers: m.peers.map((p) => (p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`)),
  };
}

/**
 * The magnet of a torrent with `extraTrackers` after its own (each URL once), so a torrent
 * loaded with `--torrent` still names the relay given with `--relay`.
 */
export function magnetWithTrackers(meta: Metainfo, extraTrackers: readonly string[]): string {
  return buildMagnet({
    infoHashV1: meta.infoHashV1,
    infoHashV2: meta.infoHashV2,
    name: meta.name,
    length: meta.length,
    trackers: [...new Set([...meta.announce, ...extraTrackers])],
    webSeeds: meta.urlList,
  });
}

/** Share link: the relay's origin, then the magnet in the fragment. */
export function buildShareLink(relay: string, magnet: string): string {
  return `${new URL(relay).origin}/#${magnet}`;
}

/** If `input` is a share link (`http(s)://…#magnet:?…`), its relay origin and magnet. */
export function parseShareLink(input: string): { relay: string; magnet: string } | null {
  if (!/^https?:\/\//i.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  let hash = url.hash.slice(1);
  if (!hash.startsWith('magnet:')) hash = decodeURIComponent(hash);
  if (!hash.startsWith('magnet:?')) throw badInput('share link has no magnet link after #');
  return { relay: url.origin, magnet: hash };
}
