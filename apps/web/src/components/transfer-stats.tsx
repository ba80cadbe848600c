/** @module components/transfer-stats — peers, rates and totals of a transfer (time left: of the selected files). */
import { Show } from 'solid-js';
import { formatBytes, formatEta, formatRate } from '../lib/format.js';
import type { Transfer } from '../lib/transfer-types.js';

/** Live figures. */
export function TransferStats(props: { transfer: Transfer }) {
  const t = () => props.transfer;
  // Receives count only the bytes the selected files need.
  const left = (): number | null => {
    const x = t();
    if (x.wanted !== undefined && x.wantedVerified !== undefined && x.wanted > 0) return x.wanted - x.wantedVerified;
    return x.length > 0 ? x.length - x.verified : null;
  };
  return (
    <dl class="stats">
      <div><dt>Peers</dt><dd>{t().peers}</dd></div>
      <Show when={t().kind === 'receive'}>
        <div><dt>Download</dt><dd>{formatRate(t().state === 'complete' ? 0 : t().downloadRate)}</dd></div>
        <div><dt>Time left</dt><dd>{t().state === 'complete' ? 'done' : left() !== null ? formatEta(left()!, t().downloadRate) : '–'}</dd></div>
      </Show>
      <div><dt>Upload</dt><dd>{formatRate(t().uploadRate)}</dd></div>
      <div><dt>Sent</dt><dd>{formatBytes(t().uploaded)}</dd></div>
      <Show when={t().kind === 'receive'}>
        <div><dt>Received</dt><dd>{formatBytes(t().downloaded)}</dd></div>
      </Show>
    </dl>
  );
}
