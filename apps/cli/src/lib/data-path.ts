/**
 * @module lib/data-path — where a torrent's files live on disk for `seed` and `verify`.
 * Torrent file paths start with the torrent name, so the storage root is the folder that holds
 * `<name>`: the parent of `path` when `path` itself is the torrent's file or folder, else `path`.
 */
import { basename, dirname, resolve } from 'node:path';

/** The storage root for data at `path` of a torrent named `name`. */
export function storageRootFor(path: string, name: string): string {
  const abs = resolve(path);
  return basename(abs) === name ? dirname(abs) : abs;
}
