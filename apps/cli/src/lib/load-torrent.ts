/**
 * @module lib/load-torrent — reads and parses a .torrent file into metainfo, mapping parse
 * failures (malformed bencode, unsafe paths, bad fields) to bad-input errors (exit 2).
 */
import { readFile, stat } from 'node:fs/promises';
import { parseTorrent, type Metainfo } from '@seedling/core';
import { badInput } from './errors.js';
import { getHasher } from './hashing.js';

/** Largest .torrent file we read (v2 piece layers can be big, but not this big). */
const MAX_TORRENT_BYTES = 64 * 1024 * 1024;

/** Read and parse a .torrent file. */
export async function loadTorrentFile(path: string): Promise<{ bytes: Uint8Array; metainfo: Metainfo }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw badInput(`cannot read ${path}: ${(err as Error).message}`, err);
  }
  if (size > MAX_TORRENT_BYTES) throw badInput(`${path} is too large for a .torrent file (${size} bytes)`);
  const bytes = new Uint8Array(await readFile(path));
  try {
    return { bytes, metainfo: parseTorrent(bytes, await getHasher()) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw badInput(`${path} is not a valid torrent: ${(err as Error).message}${code ? ` (${code})` : ''}`, err);
  }
}
