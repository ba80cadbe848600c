/** @module metainfo/parse-torrent — parses and validates a .torrent file (BEP 3, 12, 19, 47, 52). */
import { bytesEqual, bytesToBinary, bytesToHex, utf8Text } from '../bencode/bytes.js';
import { decodeWithSpans, type DecodeResult } from '../bencode/decode.js';
import { BencodeError } from '../bencode/errors.js';
import type { BencodeDict } from '../bencode/types.js';
import type { Hasher } from '../hash/hasher.js';
import { MetainfoError } from './errors.js';
import { getDict, getSize, getText, isDict } from './fields.js';
import { parseInfo, type InfoPart } from './parse-info.js';
import { readAnnounceTiers, readUrlList } from './trackers.js';
import type { Metainfo } from './types.js';
import { piecesRootFromLayer } from './v2-tree.js';

/** Options of {@link parseTorrent}. */
export interface ParseTorrentOptions {
  /** Largest .torrent accepted in bytes (default 64 MiB; v2 piece layers can be large). */
  readonly maxSize?: number;
  /** Refuse unsorted keys in the outer dict too (default false: real torrents have them). */
  readonly strictOuterKeys?: boolean;
  /**
   * Require a valid `piece layers` entry for every v2 file larger than one piece (default true,
   * BEP 52). With false, missing layers are tolerated (present ones are still verified).
   */
  readonly requirePieceLayers?: boolean;
}

/** The hashing a parse needs: info-hashes and piece-layer verification. */
export type ParseHasher = Pick<Hasher, 'sha1' | 'sha256' | 'merkleRootOfLeaves'>;

function readPieceLayers(
  torrent: BencodeDict,
  meta: InfoPart,
  hasher: ParseHasher,
  required: boolean,
): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (meta.version === 'v1') return out;
  const layers = getDict(torrent, 'piece layers', 'torrent');
  for (const file of meta.files) {
    if (file.pad || file.piecesRoot === null || file.length <= meta.pieceLength) continue;
    const key = bytesToHex(file.piecesRoot);
    if (out.has(key)) continue; // identical files share a root and a layer
    const layer = layers?.get(bytesToBinary(file.piecesRoot));
    if (layer === undefined) {
      if (!required) continue;
      throw new MetainfoError('METAINFO_MISSING_PIECE_LAYER', `no piece layer for "${file.path.join('/')}"`, { path: file.path });
    }
    const expected = 32 * Math.ceil(file.length / meta.pieceLength);
    if (!(layer instanceof Uint8Array) || layer.length !== expected) {
      throw new MetainfoError('METAINFO_INVALID_PIECE_LAYER', `piece layer of "${file.path.join('/')}" must be ${expected} bytes`, { path: file.path });
    }
    if (!bytesEqual(piecesRootFromLayer(hasher, layer, meta.pieceLength), file.piecesRoot)) {
      throw new MetainfoError('METAINFO_INVALID_PIECE_LAYER', `piece layer of "${file.path.join('/')}" does not hash to its pieces root`, { path: file.path });
    }
    out.set(key, layer.slice());
  }
  return out;
}

/**
 * Parses a .torrent file: validates the info dict (v1, v2 or hybrid), computes info-hashes over
 * its exact bytes, verifies v2 piece layers against their pieces roots, and reads trackers,
 * web seeds and descriptive fields.
 * @throws MetainfoError with a stable code; bencode problems come as `METAINFO_NOT_BENCODE`
 *   with the BencodeError as `cause`.
 */
export function parseTorrent(bytes: Uint8Array, hasher: ParseHasher, options: ParseTorrentOptions = {}): Metainfo {
  let decoded: DecodeResult;
  try {
    decoded = decodeWithSpans(bytes, {
      ...(options.maxSize !== undefined ? { maxSize: options.maxSize } : {}),
      outerKeyOrder: options.strictOuterKeys === true ? 'strict' : 'lenient',
    });
  } catch (err) {
    if (err instanceof BencodeError) throw new MetainfoError('METAINFO_NOT_BENCODE', `not a valid torrent: ${err.message}`, { cause: err });
    throw err;
  }
  const torrent = decoded.value;
  if (!isDict(torrent)) throw new MetainfoError('METAINFO_INVALID_FIELD', 'a torrent must be a dict');
  const info = getDict(torrent, 'info', 'torrent', true);
  const span = decoded.spans.get('info')!;
  const part = parseInfo(info, bytes.subarray(span.start, span.end), hasher);
  const pieceLayers = readPieceLayers(torrent, part, hasher, options.requirePieceLayers !== false);
  const announceTiers = readAnnounceTiers(torrent);
  const creationDate = torrent.get('creation date');
  const createdBy = torrent.get('created by');
  return {
    ...part,
    pieceLayers,
    announceTiers,
    announce: announceTiers.flat(),
    urlList: readUrlList(torrent),
    comment: torrent.get('comment') instanceof Uint8Array ? (getText(torrent, 'comment', 'torrent') ?? null) : null,
    createdBy: createdBy instanceof Uint8Array ? utf8Text(createdBy) : null,
    creationDate: typeof creationDate === 'number' && creationDate >= 0 ? getSize(torrent, 'creation date', 'torrent')! : null,
  };
}
