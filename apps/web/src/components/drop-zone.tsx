/**
 * @module components/drop-zone — where files come in: a drop target, a file picker (the
 * `file-input` test hook) and a folder picker.
 */
import { createSignal } from 'solid-js';
import { droppedFiles } from '../lib/dropped-files.js';
import { pickedFromList, type PickedFile } from '../lib/source-files.js';

/** Drop zone with file and folder pickers. */
export function DropZone(props: { disabled: boolean; onFiles: (files: PickedFile[]) => void }) {
  const [over, setOver] = createSignal(false);
  const fromInput = (e: Event & { currentTarget: HTMLInputElement }): void => {
    const list = e.currentTarget.files;
    if (list) props.onFiles(pickedFromList(list));
    e.currentTarget.value = '';
  };
  return (
    <div
      class="drop"
      classList={{ over: over(), disabled: props.disabled }}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!props.disabled && e.dataTransfer) void droppedFiles(e.dataTransfer).then(props.onFiles);
      }}
    >
      <p class="drop-title">Drop files or a folder here</p>
      <div class="drop-actions">
        <label class="button primary">
          Choose files
          <input data-testid="file-input" class="visually-hidden-input" type="file" multiple disabled={props.disabled} onChange={fromInput} />
        </label>
        <label class="button">
          Choose a folder
          <input class="visually-hidden-input" type="file" {...{ webkitdirectory: true }} disabled={props.disabled} onChange={fromInput} />
        </label>
      </div>
    </div>
  );
}
