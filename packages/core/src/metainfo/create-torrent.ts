/**
 * @module metainfo/create-torrent — makes v1 (BEP 3), v2 (BEP 52) and hybrid torrents from an
 * abstract file source, streaming piece-sized reads through an injected Hasher (or HashPool).
 * Output is canonical bencode, so the same files and options always give the same info-hash.
 */
import { bytesToBinary, utf8Bytes } from '../bencode/bytes.js';
import { encode } from '../bencode/encode.js';
import type { BencodeInput } from '../bencode/types.js';
import type { HashPool, Hasher } from '../hash/hasher.js';
import { planLayout, type LayoutPlan, type SourceFile } from './file-layout.js';
import { hashSource, type SourceHashes } from './hash-source.js';
import { parseTorrent } from './parse-torrent.js';
import { announceFields } from './trackers.js';
import type { Metainfo, TorrentVersion } from './types.js';
import { buildFileTree } from './v2-tree.js';

/** Default `created by`. */
export const DEFAULT_CREATED_BY = 'Seedling/0.1.0';

/** Options of {@link createTorrent}. */
export interface CreateTorrentOptions {
  /** Which hash trees to include (default `'hybrid'`: v1 + v2). */
  readonly version?: TorrentVersion;
  /** Power of two ≥ 16 KiB; default ~ total/1500 within 16 KiB..16 MiB. */
  readonly pieceLength?: number;
  /**
   * Torrent name. For a single file (one file with a one-component path) it is the file name;
   * for several files the root directory name (default: their common first directory).
   */
  readonly name?: string;
  /** Force the multi-file form even for a single file (e.g. a directory holding one file). */
  readonly multiFile?: boolean;
  /** Tracker URLs, one tier each (BEP 12); or tiers as arrays. */
  readonly announce?: readonly (string | readonly string[])[];
  /** Web seeds (BEP 19). */
  readonly urlList?: readonly string[];
  readonly comment?: string;
  /** Default `Seedling/0.1.0`; `null` omits it. */
  readonly createdBy?: string | null;
  /** Seconds since the epoch or a Date; default now; `null` omits it (reproducible output). */
  readonly creationDate?: number | Date | null;
  /** BEP 27 private torrent. */
  readonly private?: boolean;
  /**
   * Hybrid multi-file: also pad the last file to a piece boundary. Default true, as libtorrent
   * 2.0.4+ and the BEP 52 reference creator do (so info-hashes match theirs).
   */
  readonly padLastFile?: boolean;
  /** Optional worker pool for parallel hashing; `hasher` is still used for small merkle steps. */
  readonly pool?: HashPool;
  readonly signal?: AbortSignal;
  /** Cumulative file bytes hashed so far. */
  readonly onProgress?: (bytesHashed: number) => void;
}

/** A created torrent. */
export interface CreatedTorrent {
  /** The .torrent file bytes. */
  readonly torrent: Uint8Array;
  /** The same torrent, parsed. */
  readonly metainfo: Metainfo;
}

function v1FilesList(plan: LayoutPlan): BencodeInput[] {
  const list: BencodeInput[] = [];
  for (const f of plan.files) {
    list.push({ length: f.length, path: [...f.path] });
    // BEP 47 pad file, named as libtorrent names them so info-hashes match.
    if (f.padAfter > 0) list.push({ attr: 'p', length: f.padAfter, path: ['.pad', String(f.padAfter)] });
  }
  return list;
}

function infoDict(plan: LayoutPlan, version: TorrentVersion, hashes: SourceHashes, isPrivate: boolean): Map<string, BencodeInput> {
  const info = new Map<string, BencodeInput>();
  info.set('name', utf8Bytes(plan.name));
  info.set('piece length', plan.pieceLength);
  if (isPrivate) info.set('private', 1);
  if (version !== 'v2') {
    info.set('pieces', hashes.pieces!);
    if (plan.singleFile) info.set('length', plan.files[0]!.length);
    else info.set('files', v1FilesList(plan));
  }
  if (version !== 'v1') {
    info.set('meta version', 2);
    const treeFiles = plan.files.map((f, i) => ({ path: plan.singleFile ? [plan.name] : f.path, length: f.length, piecesRoot: hashes.roots[i] ?? null }));
    info.set('file tree', buildFileTree(treeFiles));
  }
  return info;
}

/**
 * Creates a torrent from `files`, reading each in piece-sized chunks.
 * @example
 * const { torrent, metainfo } = await createTorrent(files, await createHasher(), { version: 'hybrid' });
 * @throws MetainfoError (`METAINFO_INVALID_SOURCE`, `METAINFO_UNSAFE_PATH`, `METAINFO_DUPLICATE_PATH`,
 *   `METAINFO_INVALID_PIECE_LENGTH`, `METAINFO_EMPTY`, `METAINFO_ABORTED`…).
 */
export async function createTorrent(files: readonly SourceFile[], hasher: Hasher, options: CreateTorrentOptions = {}): Promise<CreatedTorrent> {
  const version = options.version ?? 'hybrid';
  const plan = planLayout(files, { ...options, version });
  const hashes = await hashSource(plan, version, hasher, options);
  const torrent = new Map<string, BencodeInput>();
  const tiers = (options.announce ?? []).map((t) => (typeof t === 'string' ? [t] : [...t]));
  const { announce, 'announce-list': announceList } = announceFields(tiers);
  if (announce !== undefined) torrent.set('announce', utf8Bytes(announce));
  if (announceList !== undefined) torrent.set('announce-list', announceList.map((tier) => tier.map((u) => utf8Bytes(u))));
  if (options.comment !== undefined) torrent.set('comment', utf8Bytes(options.comment));
  const createdBy = options.createdBy === undefined ? DEFAULT_CREATED_BY : options.createdBy;
  if (createdBy !== null) torrent.set('created by', utf8Bytes(createdBy));
  const date = options.creationDate === undefined ? new Date() : options.creationDate;
  if (date !== null) torrent.set('creation date', Math.floor(date instanceof Date ? date.getTime() / 1000 : date));
  torrent.set('info', infoDict(plan, version, hashes, options.private === true));
  if (version !== 'v1') {
    const layers = new Map<string, BencodeInput>();
    hashes.layers.forEach((layer, i) => {
      if (layer !== null) layers.set(bytesToBinary(hashes.roots[i]!), layer);
    });
    // BEP 52: `piece layers` is always present in v2 torrents (empty when every file fits one piece).
    torrent.set('piece layers', layers);
  }
  const urls = [...new Set(options.urlList ?? [])];
  if (urls.length === 1) torrent.set('url-list', utf8Bytes(urls[0]!));
  else if (urls.length > 1) torrent.set('url-list', urls.map((u) => utf8Bytes(u)));
  const bytes = encode(torrent);
  return { torrent: bytes, metainfo: parseTorrent(bytes, hasher) };
}
