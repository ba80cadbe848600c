/**
 * @module lib/save-file — "Save as…" through the File System Access API: the received file is
 * piped from its object URL (disk-backed) into the chosen file, streamed, never whole in memory.
 */

interface SavePickerWindow {
  showSaveFilePicker(opts: { suggestedName: string }): Promise<FileSystemFileHandle>;
}

/** Whether "Save as…" is possible here. */
export function canSaveAs(): boolean {
  return typeof (window as unknown as Partial<SavePickerWindow>).showSaveFilePicker === 'function';
}

/** Streams `url` into a file the person picks; a cancelled picker is not an error. */
export async function saveAs(url: string, name: string): Promise<void> {
  let handle: FileSystemFileHandle;
  try {
    handle = await (window as unknown as SavePickerWindow).showSaveFilePicker({ suggestedName: name });
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    throw err;
  }
  const res = await fetch(url);
  if (!res.body) throw new Error('the received file could not be read');
  await res.body.pipeTo(await handle.createWritable());
}
