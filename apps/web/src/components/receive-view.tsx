/**
 * @module components/receive-view — one incoming transfer: state, progress of the selected files
 * (the `progress` test hook, with the byte counters as data attributes), figures, the file list
 * with its selection and Play buttons, the player, and, once every selected file is verified and
 * ready to save, the `download-complete` marker.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { formatBytes, percentOf } from '../lib/format.js';
import { mediaTypeOf } from '../lib/media-type.js';
import { receiveControls } from '../lib/receive-controls.js';
import type { Transfer } from '../lib/transfer-types.js';
import { FileList } from './file-list.js';
import { MediaPlayer } from './media-player.js';
import { ProgressBar } from './progress-bar.js';
import { TransferStats } from './transfer-stats.js';

/** Bytes the selected files need, and verified of them (everything when no selection is known). */
export function selectedBytes(t: Transfer): { total: number; done: number } {
  return t.wanted !== undefined && t.wantedVerified !== undefined ? { total: t.wanted, done: t.wantedVerified } : { total: t.length, done: t.verified };
}

/** The receive view. */
export function ReceiveView(props: { transfer: Transfer }) {
  const t = () => props.transfer;
  const [playing, setPlaying] = createSignal<number | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const bytes = () => selectedBytes(t());
  const pct = () => (t().state === 'complete' ? 100 : percentOf(bytes().done, bytes().total));
  const selected = () => t().files.filter((f) => f.selected !== false);
  const ready = () => t().state === 'complete' && selected().length > 0 && selected().every((f) => !!f.url);
  const skipped = () => t().files.length - selected().length;
  const act = (fn: () => void): void => {
    try {
      fn();
      setActionError(null);
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  const actions = {
    onSelect: (index: number, on: boolean) => act(() => receiveControls(t().id)?.select(index, on)),
    onPlay: (index: number) =>
      act(() => {
        receiveControls(t().id)?.play(index);
        setPlaying(index);
      }),
  };
  const player = () => {
    const i = playing();
    const f = i === null ? undefined : t().files.find((x) => x.index === i);
    const name = f?.path[f.path.length - 1];
    const media = name ? mediaTypeOf(name) : null;
    return f && name && media ? { index: i!, name, media } : null;
  };
  return (
    <div
      class="receive"
      data-downloaded={t().downloaded}
      data-resumed={t().resumed}
      data-verified={t().verified}
      data-length={t().length}
      data-wanted={bytes().total}
      data-wanted-verified={bytes().done}
      data-state={t().state}
    >
      <h1>{t().name}</h1>
      <p class="lead">
        <Switch>
          <Match when={t().state === 'metadata'}>Looking for the sender… {t().peers === 0 ? 'No peers yet: the sender\'s tab must be open.' : 'Getting the file list.'}</Match>
          <Match when={t().state === 'checking'}>Checking what was already received…</Match>
          <Match when={t().state === 'downloading'}>
            {formatBytes(bytes().done)} of {formatBytes(bytes().total)}
            <Show when={skipped() > 0}> · {skipped()} file{skipped() === 1 ? '' : 's'} skipped</Show>
            <Show when={t().peers === 0}> · No peers right now: waiting for the sender.</Show>
            <Show when={t().resumed > 0}> · resumed from {formatBytes(t().resumed)}</Show>
          </Match>
          <Match when={t().state === 'complete'}>
            <Show when={skipped() > 0} fallback={<>All {formatBytes(t().length)} received and verified.</>}>
              The {selected().length} selected file{selected().length === 1 ? '' : 's'} ({formatBytes(selected().reduce((n, f) => n + f.length, 0))}) received and verified.
            </Show>
          </Match>
          <Match when={t().state === 'error'}><span class="error">{t().error}</span></Match>
        </Switch>
      </p>
      <ProgressBar value={pct()} label="Download progress" testId="progress" />
      <TransferStats transfer={t()} />
      <Show when={player()}>
        {(p) => <MediaPlayer id={t().id} index={p().index} name={p().name} media={p().media} onClose={() => setPlaying(null)} />}
      </Show>
      <Show when={actionError()}>{(e) => <p class="error" role="alert">{e()}</p>}</Show>
      <Show when={t().files.length > 0}>
        <FileList files={t().files} actions={actions} />
      </Show>
      <Show when={ready()}>
        <p class="done" data-testid="download-complete">Everything you selected is here. Save the files to your device above.</p>
      </Show>
    </div>
  );
}
