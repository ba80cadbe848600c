/**
 * @module components/receive-view — one incoming transfer: state, progress (the `progress` test
 * hook, with the byte counters as data attributes), figures, files and, once every file is
 * verified and ready to save, the `download-complete` marker.
 */
import { Match, Show, Switch } from 'solid-js';
import { formatBytes, percentOf } from '../lib/format.js';
import type { Transfer } from '../lib/transfer-types.js';
import { FileList } from './file-list.js';
import { ProgressBar } from './progress-bar.js';
import { TransferStats } from './transfer-stats.js';

/** The receive view. */
export function ReceiveView(props: { transfer: Transfer }) {
  const t = () => props.transfer;
  const pct = () => (t().state === 'complete' ? 100 : percentOf(t().verified, t().length));
  const ready = () => t().state === 'complete' && t().files.length > 0 && t().files.every((f) => !!f.url);
  return (
    <div class="receive" data-downloaded={t().downloaded} data-resumed={t().resumed} data-verified={t().verified} data-length={t().length} data-state={t().state}>
      <h1>{t().name}</h1>
      <p class="lead">
        <Switch>
          <Match when={t().state === 'metadata'}>Looking for the sender… {t().peers === 0 ? 'No peers yet: the sender\'s tab must be open.' : 'Getting the file list.'}</Match>
          <Match when={t().state === 'checking'}>Checking what was already received…</Match>
          <Match when={t().state === 'downloading'}>
            {formatBytes(t().verified)} of {formatBytes(t().length)}
            <Show when={t().peers === 0}> · No peers right now: waiting for the sender.</Show>
            <Show when={t().resumed > 0}> · resumed from {formatBytes(t().resumed)}</Show>
          </Match>
          <Match when={t().state === 'complete'}>All {formatBytes(t().length)} received and verified.</Match>
          <Match when={t().state === 'error'}><span class="error">{t().error}</span></Match>
        </Switch>
      </p>
      <ProgressBar value={pct()} label="Download progress" testId="progress" />
      <TransferStats transfer={t()} />
      <Show when={t().files.length > 0}>
        <FileList files={t().files} />
      </Show>
      <Show when={ready()}>
        <p class="done" data-testid="download-complete">Everything is here. Save the files to your device above.</p>
      </Show>
    </div>
  );
}
