/**
 * @module adapters/node/safe-path — keeps every file a Storage touches inside its root.
 * Metainfo parsing already sanitises paths; this is defense in depth against `..`, absolute
 * components and symlinks (planted in the download folder) that point outside the root.
 */
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { StorageError } from '../../storage/errors.js';

/** True when `child` is `root` itself or lies below it (both absolute, resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Joins `components` under `root` lexically, refusing empty, `.`/`..`, separator- or NUL-carrying
 * components and anything that would resolve outside `root` (`STORAGE_UNSAFE_PATH`).
 */
export function joinInsideRoot(root: string, components: readonly string[]): string {
  const base = resolve(root);
  if (components.length === 0) throw new StorageError('STORAGE_UNSAFE_PATH', 'empty file path');
  for (const c of components) {
    if (c === '' || c === '.' || c === '..' || /[/\\\0]/.test(c)) {
      throw new StorageError('STORAGE_UNSAFE_PATH', `unsafe path component ${JSON.stringify(c)}`);
    }
  }
  const full = resolve(base, ...components);
  if (!isInside(base, full) || full === base) {
    throw new StorageError('STORAGE_UNSAFE_PATH', `${components.join('/')} resolves outside ${base}`);
  }
  return full;
}

/**
 * Walks `components` from the real root one by one, following only symlinks that stay inside the
 * root, and returns the real path of the file (which may not exist yet). With `create`, missing
 * parent folders are made one level at a time (never through an escaping link). Returns `null`
 * when a parent is missing and `create` is false (the file then reads as zeros).
 */
export async function resolveInsideRoot(
  realRoot: string,
  components: readonly string[],
  create: boolean,
): Promise<string | null> {
  let current = realRoot;
  for (let i = 0; i < components.length; i++) {
    const next = join(current, components[i]!);
    const last = i === components.length - 1;
    let stat;
    try {
      stat = await lstat(next);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
      if (last) return next;
      if (!create) return null;
      await mkdir(next).catch((e: { code?: string }) => {
        if (e.code !== 'EEXIST') throw e;
      });
      current = next;
      continue;
    }
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(next);
      } catch (err) {
        // A dangling link would let O_CREAT make its target wherever it points.
        throw new StorageError('STORAGE_UNSAFE_PATH', `dangling symlink at ${next}`, { cause: err });
      }
      if (!isInside(realRoot, target)) {
        throw new StorageError('STORAGE_UNSAFE_PATH', `${next} is a symlink leading outside ${realRoot}`);
      }
      current = target;
    } else {
      current = next;
    }
  }
  return current;
}
