/**
 * @module components/file-list — the files of a transfer; ready files get a save link (an
 * `<a download>` of the disk-backed OPFS file, which the browser streams from disk) and, where
 * the File System Access API exists, "Save as…". Received files have a checkbox (unticked files
 * are skipped; the change applies to the running download) and audio/video files a Play button
 * (played while they download). Test hooks: `file-select`, `play-file`, `save-file`.
 */
import { For, Show } from 'solid-js';
import { formatBytes } from '../lib/format.js';
import { mediaTypeOf } from '../lib/media-type.js';
import { saveAs, canSaveAs } from '../lib/save-file.js';
import type { TransferFile } from '../lib/transfer-types.js';

/** What a receive lets people do with its files. */
export interface FileActions {
  onSelect(index: number, selected: boolean): void;
  onPlay(index: number): void;
}

/** File rows. */
export function FileList(props: { files: TransferFile[]; actions?: FileActions }) {
  const name = (f: TransferFile): string => f.path[f.path.length - 1] ?? '';
  return (
    <ul class="files">
      <For each={props.files}>
        {(f) => (
          <li class="file" data-file-index={f.index} data-selected={f.selected === false ? 'false' : 'true'}>
            <Show when={props.actions && f.index !== undefined} fallback={<span class="file-name">{f.path.join('/')}</span>}>
              <label class="file-name" style={{ display: 'flex', gap: '0.5rem', 'align-items': 'center' }}>
                <input
                  type="checkbox"
                  data-testid="file-select"
                  checked={f.selected !== false}
                  onChange={(e) => props.actions!.onSelect(f.index!, e.currentTarget.checked)}
                />
                <span>{f.path.join('/')}</span>
              </label>
            </Show>
            <span class="file-size">{formatBytes(f.length)}</span>
            <Show when={props.actions && f.index !== undefined && mediaTypeOf(name(f))}>
              <button type="button" class="button" data-testid="play-file" onClick={() => props.actions!.onPlay(f.index!)}>Play</button>
            </Show>
            <Show
              when={f.url}
              fallback={<span class="file-wait">{f.selected === false ? 'skipped' : 'receiving…'}</span>}
            >
              {(url) => (
                <span class="file-actions">
                  <a class="button primary" data-testid="save-file" href={url()} download={name(f)}>Save</a>
                  <Show when={canSaveAs()}>
                    <button type="button" class="button" onClick={() => void saveAs(url(), name(f))}>Save as…</button>
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
