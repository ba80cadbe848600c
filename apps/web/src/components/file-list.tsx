/**
 * @module components/file-list — the files of a transfer; ready files get a save link (an
 * `<a download>` of the disk-backed OPFS file, which the browser streams from disk) and, where
 * the File System Access API exists, "Save as…".
 */
import { For, Show } from 'solid-js';
import { formatBytes } from '../lib/format.js';
import { saveAs, canSaveAs } from '../lib/save-file.js';
import type { TransferFile } from '../lib/transfer-types.js';

/** File rows. */
export function FileList(props: { files: TransferFile[] }) {
  return (
    <ul class="files">
      <For each={props.files}>
        {(f) => (
          <li class="file">
            <span class="file-name">{f.path.join('/')}</span>
            <span class="file-size">{formatBytes(f.length)}</span>
            <Show when={f.url} fallback={<span class="file-wait">receiving…</span>}>
              {(url) => (
                <span class="file-actions">
                  <a class="button primary" data-testid="save-file" href={url()} download={f.path[f.path.length - 1]}>Save</a>
                  <Show when={canSaveAs()}>
                    <button type="button" class="button" onClick={() => void saveAs(url(), f.path[f.path.length - 1]!)}>Save as…</button>
                  </Show>
                </span>
              )}
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}
