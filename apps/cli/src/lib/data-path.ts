/**
 * @module lib/data-path — where a torrent's files live on disk for `seed` and `verify`.
 *
 * Torrent file paths start with the torrent name. For a multi-file torrent whose folder is given
 * (`seed share/`, `verify t.torrent share/`), the storage root is that folder ITSELF and the name
 * is dropped from each path, so the file storage's checks (paths stay inside the root, no
 * symlink leading out of it) confine every read to the shared folder: a link
 * `share/b.bin -> ../secret` is refused instead of followed into the parent. A single file's
 * root is the folder holding it. A path that is not named after the torrent is the folder that
 * holds `<name>`, and is the root with the paths unchanged.
 */
import { basename, dirname, resolve } from 'node:path';
import type { StorageFactory, StorageFile } from '@seedling/core';
import { createFileStorage } from '@seedling/core/node';
import { fileProbe } from './session.js';

/** Where a torrent's data is: the storage root, and how many leading path components to drop. */
export interface DataRoot {
  readonly root: string;
  /** 1 when `root` is the torrent's own folder (paths lose their leading `<name>`), else 0. */
  readonly strip: 0 | 1;
}

/** The storage root for data at `path` of a torrent named `name`. */
export function dataRootFor(path: string, metainfo: { name: string; singleFile: boolean }): DataRoot {
  const abs = resolve(path);
  if (basename(abs) !== metainfo.name) return { root: abs, strip: 0 };
  return metainfo.singleFile ? { root: dirname(abs), strip: 0 } : { root: abs, strip: 1 };
}

/** `file` with its path relative to the data root. */
function relocate<F extends StorageFile>(file: F, strip: 0 | 1): F {
  return strip === 0 ? file : { ...file, path: file.path.slice(strip) };
}

/** A file storage rooted (and confined) at `data.root`. */
export function storageAt(data: DataRoot): StorageFactory {
  const factory = createFileStorage({ root: data.root });
  return (files) => factory(files.map((f) => relocate(f, data.strip)));
}

/** The on-disk size probe for files under `data.root`. */
export function probeAt(data: DataRoot): (file: StorageFile) => Promise<number> {
  const probe = fileProbe(data.root);
  return (file) => probe(relocate(file, data.strip));
}
