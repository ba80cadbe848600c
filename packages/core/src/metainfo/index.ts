/**
 * @module metainfo — .torrent parsing and creation (BEP 3 v1, BEP 52 v2, hybrid with BEP 47 pad
 * files), info-hashes, path sanitisation and magnet links (BEP 9).
 * @example
 * const meta = parseTorrent(bytes, hasher);          // validates, hashes the exact info bytes
 * const { torrent } = await createTorrent(files, hasher, { version: 'hybrid' });
 * const link = magnetFromMetainfo(meta);
 */
export { createTorrent, DEFAULT_CREATED_BY } from './create-torrent.js';
export type { CreatedTorrent, CreateTorrentOptions } from './create-torrent.js';
export { MagnetError, MetainfoError } from './errors.js';
export type { MagnetErrorCode, MetainfoErrorCode } from './errors.js';
export { autoPieceLength, comparePaths } from './file-layout.js';
export type { SourceFile } from './file-layout.js';
export { MAX_INFO_SIZE, parseInfoDict } from './parse-info.js';
export type { ExpectedInfoHash } from './parse-info.js';
export { parseTorrent } from './parse-torrent.js';
export type { ParseHasher, ParseTorrentOptions } from './parse-torrent.js';
export { assertSafePath, assertUniquePaths, unsafeComponentReason } from './sanitize-path.js';
export type { Metainfo, MetainfoFile, TorrentVersion } from './types.js';
export { piecesRootFromLayer, zeroSubtreeRoot } from './v2-tree.js';
export { buildMagnet, magnetFromMetainfo, MAX_MAGNET_LENGTH, parseMagnet, parsePeerAddress } from './magnet.js';
export type { MagnetInput, MagnetLink, MagnetPeer } from './magnet.js';
export { encodeTorrentFile } from './torrent-file.js';
export type { TorrentFileFields } from './torrent-file.js';
export { pieceCheck, verifyPiece } from './piece-check.js';
export type { PieceCheck } from './piece-check.js';
