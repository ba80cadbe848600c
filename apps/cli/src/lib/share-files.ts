/** @module lib/share-files — the files under the path given to `create` or `seed`, walked once. */
import { resolve } from 'node:path';
import { walkFiles } from '@seedling/core/node';
import { badInput } from './errors.js';

/** The walked files, the absolute path, and whether it names one file (a single-file torrent). */
export interface FilesToShare {
  readonly abs: string;
  readonly files: Awaited<ReturnType<typeof walkFiles>>;
  readonly single: boolean;
}

/** Walk `path`; unreadable or empty is bad input (exit 2). */
export async function filesToShare(path: string): Promise<FilesToShare> {
  const abs = resolve(path);
  let files;
  try {
    files = await walkFiles(abs);
  } catch (err) {
    throw badInput(`cannot read ${path}: ${(err as Error).message}`, err);
  }
  if (files.length === 0) throw badInput(`${path} contains no files`);
  // A folder holding one file is still a multi-file torrent named after the folder.
  const single = files.length === 1 && files[0]!.path.length === 1 && files[0]!.absolutePath === abs;
  return { abs, files, single };
}
