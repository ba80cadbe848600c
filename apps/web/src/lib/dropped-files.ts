/**
 * @module lib/dropped-files — files from a drop, folders included (walked through the
 * FileSystemEntry API), with their paths.
 */
import type { PickedFile } from './source-files.js';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    const next = (): void => reader.readEntries((batch) => (batch.length === 0 ? resolve(out) : (out.push(...batch), next())), reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.split('/').filter(Boolean) });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Every file in a drop, folders walked. */
export async function droppedFiles(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return Array.from(dt.files).map((file) => ({ file, path: [file.name] }));
  const out: PickedFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}
