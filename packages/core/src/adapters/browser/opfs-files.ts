/**
 * @module adapters/browser/opfs-files — main-thread helpers around OPFS: a saved file as a
 * `File` (disk-backed: an `<a download>` of it streams from disk), small whole files (torrent
 * metadata), and removal.
 */

async function dirOf(path: readonly string[], create: boolean): Promise<FileSystemDirectoryHandle> {
  let dir = await navigator.storage.getDirectory();
  for (const part of path) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

/** The file at `path` below the OPFS root as a disk-backed File (throws NotFoundError). */
export async function opfsFile(path: readonly string[]): Promise<File> {
  const dir = await dirOf(path.slice(0, -1), false);
  return (await dir.getFileHandle(path[path.length - 1]!)).getFile();
}

/** Writes a small file whole (e.g. a .torrent); not for payload data. */
export async function opfsWriteSmall(path: readonly string[], data: Uint8Array): Promise<void> {
  const dir = await dirOf(path.slice(0, -1), true);
  const handle = await dir.getFileHandle(path[path.length - 1]!, { create: true });
  const w = await handle.createWritable();
  await w.write(data.slice().buffer);
  await w.close();
}

/** Reads a small file whole, or null when missing. */
export async function opfsReadSmall(path: readonly string[]): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await (await opfsFile(path)).arrayBuffer());
  } catch (err) {
    if ((err as Error).name === 'NotFoundError' || (err as Error).name === 'TypeMismatchError') return null;
    throw err;
  }
}

/** Removes a file or folder (recursively) below the OPFS root; missing entries are fine. */
export async function opfsRemove(path: readonly string[]): Promise<void> {
  try {
    const dir = await dirOf(path.slice(0, -1), false);
    await dir.removeEntry(path[path.length - 1]!, { recursive: true });
  } catch (err) {
    if ((err as Error).name !== 'NotFoundError') throw err;
  }
}
