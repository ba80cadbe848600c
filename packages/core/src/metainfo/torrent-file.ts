/**
 * @module metainfo/torrent-file — writes a .torrent around existing info-dict bytes, e.g. to save
 * metadata fetched over ut_metadata (BEP 9) with the magnet's trackers. The info bytes are
 * spliced in verbatim so the info-hash can never change.
 */
import { bytesToBinary, hexToBytes, utf8Bytes } from '../bencode/bytes.js';
import { encode } from '../bencode/encode.js';
import type { BencodeInput } from '../bencode/types.js';
import { MetainfoError } from './errors.js';
import { announceFields } from './trackers.js';
import type { Metainfo } from './types.js';

/** What goes into a .torrent besides the info dict. */
export type TorrentFileFields = Pick<Metainfo, 'infoBytes'> &
  Partial<Pick<Metainfo, 'announceTiers' | 'urlList' | 'comment' | 'createdBy' | 'creationDate' | 'pieceLayers'>>;

/**
 * Encodes a .torrent file: `info` is `fields.infoBytes` byte for byte; the other keys are
 * canonical bencode in raw-byte key order (BEP 3).
 * @throws MetainfoError `METAINFO_INVALID_FIELD` when a piece-layer key is not 32-byte hex.
 */
export function encodeTorrentFile(fields: TorrentFileFields): Uint8Array {
  const outer = new Map<string, BencodeInput | Uint8Array>();
  const { announce, 'announce-list': list } = announceFields(fields.announceTiers ?? []);
  if (announce !== undefined) outer.set('announce', announce);
  if (list !== undefined) outer.set('announce-list', list);
  if (fields.comment) outer.set('comment', fields.comment);
  if (fields.createdBy) outer.set('created by', fields.createdBy);
  if (fields.creationDate !== null && fields.creationDate !== undefined) outer.set('creation date', fields.creationDate);
  if (fields.pieceLayers && fields.pieceLayers.size > 0) {
    const layers = new Map<string, BencodeInput>();
    for (const [hex, layer] of fields.pieceLayers) {
      const root = hexToBytes(hex);
      if (root === null || root.length !== 32) throw new MetainfoError('METAINFO_INVALID_FIELD', `piece layer key ${hex} is not a 32-byte hex root`);
      layers.set(bytesToBinary(root), layer);
    }
    outer.set('piece layers', layers);
  }
  const urls = fields.urlList ?? [];
  if (urls.length === 1) outer.set('url-list', urls[0]!);
  else if (urls.length > 1) outer.set('url-list', [...urls]);

  const parts: Uint8Array[] = [utf8Bytes('d')];
  const keys = [...outer.keys(), 'info'].sort();
  for (const key of keys) {
    parts.push(encode(utf8Bytes(key))); // outer keys are ASCII
    parts.push(key === 'info' ? fields.infoBytes : encode(outer.get(key)!));
  }
  parts.push(utf8Bytes('e'));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
