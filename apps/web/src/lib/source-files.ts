/**
 * @module lib/source-files — picked or dropped files as core `SourceFile`s: paths from the folder
 * structure (`webkitRelativePath`), reads as Blob slices (never a whole file in memory).
 */
import type { SourceFile } from '@seedling/core';
import type { BlobSource } from '@seedling/core/browser';

/** A picked file and its path inside the share. */
export interface PickedFile {
  file: File;
  path: string[];
}

/** Paths for `<input>` picks: the folder structure when a folder was picked, else the name. */
export function pickedFromList(list: ArrayLike<File>): PickedFile[] {
  return Array.from(list).map((file) => ({ file, path: (file.webkitRelativePath || file.name).split('/').filter(Boolean) }));
}

/** One file alone makes a single-file torrent, else a folder named after the common folder. */
/** The torrent shape for picked files, and the blobs by their path in the torrent (name first). */
export function shareShape(picked: readonly PickedFile[]): { multiFile: boolean; name: string; files: SourceFile[]; sources: BlobSource[] } {
  const firstDirs = new Set(picked.map((p) => (p.path.length > 1 ? p.path[0] : '')));
  const commonDir = firstDirs.size === 1 && !firstDirs.has('') ? [...firstDirs][0]! : null;
  const multiFile = picked.length > 1 || commonDir !== null;
  const name = commonDir ?? (picked.length === 1 ? picked[0]!.path[picked[0]!.path.length - 1]! : `${picked.length} files`);
  const files = picked.map((p) => ({
    path: multiFile ? (commonDir ? p.path.slice(1) : p.path) : [name],
    length: p.file.size,
    read: async (offset: number, length: number) => new Uint8Array(await p.file.slice(offset, offset + length).arrayBuffer()),
  }));
  const sources = files.map((f, i) => ({ path: multiFile ? [name, ...f.path] : [name], blob: picked[i]!.file }));
  return { multiFile, name, files, sources };
}
