/** @module components/hash-progress — progress of preparing a share (hashing in Web Workers). */
import { formatBytes, percentOf } from '../lib/format.js';
import { ProgressBar } from './progress-bar.js';

/** "Preparing… 40%". */
export function HashProgress(props: { done: number; total: number }) {
  return (
    <div class="hashing" aria-live="polite">
      <p>Preparing your files… {formatBytes(props.done)} of {formatBytes(props.total)}</p>
      <ProgressBar value={percentOf(props.done, props.total)} label="Preparing files" />
    </div>
  );
}
