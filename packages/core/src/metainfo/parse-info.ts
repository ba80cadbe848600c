/**
 * @module metainfo/parse-info — validates a whole info dict (v1, v2 or hybrid) and computes its
 * info-hashes from the exact bytes (BEP 3: SHA-1; BEP 52: SHA-256).
 */
import { bytesEqual, bytesToHex } from '../bencode/bytes.js';
import { decode } from '../bencode/decode.js';
import { BencodeError } from '../bencode/errors.js';
import type { BencodeDict } from '../bencode/types.js';
import type { Hasher } from '../hash/hasher.js';
import { MetainfoError } from './errors.js';
import { getSize, getText, isDict } from './fields.js';
import { parseV1, readPieceLength, type V1Info } from './parse-v1.js';
import { parseV2, type V2Info } from './parse-v2.js';
import { assertSafePath, assertUniquePaths } from './sanitize-path.js';
import type { Metainfo, MetainfoFile, TorrentVersion } from './types.js';

/** The info-dict part of {@link Metainfo}. */
export type InfoPart = Omit<Metainfo, 'pieceLayers' | 'announce' | 'announceTiers' | 'urlList' | 'comment' | 'createdBy' | 'creationDate'>;

/** Largest info dict accepted (BEP 9 metadata is fetched in 16 KiB pieces; 16 MiB is plenty). */
export const MAX_INFO_SIZE = 16 * 1024 * 1024;

function mismatch(message: string): never {
  throw new MetainfoError('METAINFO_HYBRID_MISMATCH', `hybrid v1/v2 mismatch: ${message}`);
}

/** BEP 52 hybrid: v1 files (minus pads) must be the v2 files, same order, v1-aligned to pieces. */
function mergeHybrid(v1: V1Info, v2: V2Info, pieceLength: number): MetainfoFile[] {
  const real = v1.files.filter((f) => !f.pad);
  if (real.length !== v2.files.length) mismatch(`${real.length} v1 files vs ${v2.files.length} v2 files`);
  if (v1.pieceCount !== v2.pieceCount) mismatch(`${v1.pieceCount} v1 pieces vs ${v2.pieceCount} v2 pieces`);
  const roots = new Map<MetainfoFile, Uint8Array | null>();
  real.forEach((file, i) => {
    const other = v2.files[i]!;
    if (file.path.join('/') !== other.path.join('/')) mismatch(`file ${i} is "${file.path.join('/')}" vs "${other.path.join('/')}"`);
    if (file.length !== other.length) mismatch(`"${file.path.join('/')}" length ${file.length} vs ${other.length}`);
    if (file.length > 0 && file.offset % pieceLength !== 0) mismatch(`"${file.path.join('/')}" does not start at a piece boundary`);
    roots.set(file, other.piecesRoot);
  });
  return v1.files.map((f) => (f.pad ? f : { ...f, piecesRoot: roots.get(f) ?? null }));
}

/**
 * Validates a decoded info dict whose exact bytes are `infoBytes`.
 * @throws MetainfoError for anything malformed, unsafe or inconsistent.
 */
export function parseInfo(info: BencodeDict, infoBytes: Uint8Array, hasher: Pick<Hasher, 'sha1' | 'sha256'>): InfoPart {
  const name = getText(info, 'name', 'info', true);
  assertSafePath([name]);
  const pieceLength = readPieceLength(info);
  const metaVersion = getSize(info, 'meta version', 'info');
  if (metaVersion !== undefined && metaVersion !== 2) {
    throw new MetainfoError('METAINFO_UNSUPPORTED_VERSION', `meta version ${metaVersion} is not supported`);
  }
  const hasV2 = metaVersion === 2;
  const hasV1 = info.has('pieces') || !hasV2;
  const v1 = hasV1 ? parseV1(info, name, pieceLength) : null;
  const v2 = hasV2 ? parseV2(info, name, pieceLength) : null;
  const version: TorrentVersion = v1 && v2 ? 'hybrid' : v2 ? 'v2' : 'v1';
  const files = v1 && v2 ? mergeHybrid(v1, v2, pieceLength) : (v1 ?? v2)!.files;
  assertUniquePaths(files);
  const infoHashV1 = v1 ? hasher.sha1(infoBytes) : null;
  const infoHashV2 = v2 ? hasher.sha256(infoBytes) : null;
  const privateFlag = info.get('private');
  return {
    version,
    name,
    singleFile: (v1 ?? v2)!.singleFile,
    infoHashV1,
    infoHashV2,
    infoHashV1Hex: infoHashV1 && bytesToHex(infoHashV1),
    infoHashV2Hex: infoHashV2 && bytesToHex(infoHashV2),
    pieceLength,
    pieceCount: (v1 ?? v2)!.pieceCount,
    length: files.reduce((sum, f) => (f.pad ? sum : sum + f.length), 0),
    spaceLength: (v1 ?? v2)!.spaceLength,
    files,
    pieces: v1 ? v1.pieces : null,
    private: privateFlag === 1,
    infoBytes: infoBytes.slice(),
  };
}

/**
 * Expected info-hashes of metadata fetched by magnet (BEP 9): any given must match. `v2` may be
 * the full 32-byte SHA-256 or its 20-byte truncation used in the peer handshake (BEP 52).
 */
export interface ExpectedInfoHash {
  readonly v1?: Uint8Array | null;
  readonly v2?: Uint8Array | null;
}

/** True when `digest` starts with `expected` (full or BEP 52 truncated to 20 bytes). */
function matches(digest: Uint8Array, expected: Uint8Array): boolean {
  return (expected.length === digest.length || expected.length === 20) && bytesEqual(digest.subarray(0, expected.length), expected);
}

/**
 * Parses a bare bencoded info dict — e.g. metadata received over ut_metadata (BEP 9) — and
 * checks it hashes to the expected info-hash(es). The result has no trackers and no piece
 * layers (v2 layers then come from peers, BEP 52 hash requests).
 * @throws MetainfoError `METAINFO_INFO_HASH_MISMATCH`, `METAINFO_NOT_BENCODE`, or a validation code.
 */
export function parseInfoDict(infoBytes: Uint8Array, hasher: Pick<Hasher, 'sha1' | 'sha256'>, expected?: ExpectedInfoHash): Metainfo {
  let info;
  try {
    info = decode(infoBytes, { maxSize: MAX_INFO_SIZE });
  } catch (err) {
    if (err instanceof BencodeError) throw new MetainfoError('METAINFO_NOT_BENCODE', `info dict: ${err.message}`, { cause: err });
    throw err;
  }
  if (!isDict(info)) throw new MetainfoError('METAINFO_INVALID_FIELD', 'info is not a dict');
  // Check the hash before validating: metadata that does not match is not the torrent asked for.
  if (expected?.v1 && !matches(hasher.sha1(infoBytes), expected.v1)) {
    throw new MetainfoError('METAINFO_INFO_HASH_MISMATCH', 'metadata does not match the v1 info-hash');
  }
  if (expected?.v2 && !matches(hasher.sha256(infoBytes), expected.v2)) {
    throw new MetainfoError('METAINFO_INFO_HASH_MISMATCH', 'metadata does not match the v2 info-hash');
  }
  const part = parseInfo(info, infoBytes, hasher);
  if ((expected?.v1 && !part.infoHashV1) || (expected?.v2 && !part.infoHashV2)) {
    throw new MetainfoError('METAINFO_INFO_HASH_MISMATCH', 'metadata lacks the version of the expected info-hash');
  }
  return { ...part, pieceLayers: new Map(), announce: [], announceTiers: [], urlList: [], comment: null, createdBy: null, creationDate: null };
}
