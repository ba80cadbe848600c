/** @module components/transfer-row — one transfer in the list: name, state, progress, actions. */
import { Show } from 'solid-js';
import { formatBytes, percentOf } from '../lib/format.js';
import type { Transfer, TransferState } from '../lib/transfer-types.js';
import { CopyButton } from './copy-button.js';

const LABELS: Record<TransferState, string> = {
  hashing: 'Preparing',
  metadata: 'Finding peers',
  checking: 'Checking',
  downloading: 'Receiving',
  seeding: 'Sharing',
  complete: 'Received',
  'needs-files': 'Pick the files again to share',
  stopped: 'Stopped',
  error: 'Problem',
};

/** A row. */
export function TransferRow(props: { transfer: Transfer; onOpen: (id: string) => void; onRemove: (id: string) => void }) {
  const t = () => props.transfer;
  return (
    <li class="transfer">
      <div class="transfer-main">
        <span class="badge" classList={{ share: t().kind === 'share' }}>{t().kind === 'share' ? 'Sent' : 'Received'}</span>
        <span class="transfer-name">{t().name}</span>
        <span class="transfer-meta">
          {t().length > 0 ? formatBytes(t().length) : 'size not known yet'} · {LABELS[t().state]}
          <Show when={t().kind === 'receive' && t().state !== 'complete'}> · {percentOf(t().wantedVerified ?? t().verified, t().wanted ?? t().length)}%</Show>
          <Show when={t().peers > 0}> · {t().peers} peer{t().peers === 1 ? '' : 's'}</Show>
        </span>
        <Show when={t().error}>{(e) => <span class="error">{e()}</span>}</Show>
      </div>
      <div class="transfer-actions">
        <Show when={t().kind === 'receive'}>
          <button type="button" class="button" onClick={() => props.onOpen(t().id)}>Open</button>
        </Show>
        <CopyButton text={t().shareLink} label="Copy link" />
        <button type="button" class="button danger" onClick={() => props.onRemove(t().id)}>Remove</button>
      </div>
    </li>
  );
}
