/** @module components/share-result — the share link (copy, QR), the magnet, and seeding status. */
import { Show } from 'solid-js';
import type { Transfer } from '../lib/transfer-types.js';
import { CopyButton } from './copy-button.js';
import { QrCode } from './qr-code.js';
import { TransferStats } from './transfer-stats.js';

/** What a person sends to the receiver. */
export function ShareResult(props: { transfer: Transfer }) {
  return (
    <div class="result">
      <h2>{props.transfer.name} is ready to share</h2>
      <div class="link-row">
        <a class="share-link" data-testid="share-link" href={props.transfer.shareLink} target="_blank" rel="noopener">
          {props.transfer.shareLink}
        </a>
        <CopyButton text={props.transfer.shareLink} label="Copy link" />
      </div>
      <div class="result-body">
        <QrCode text={props.transfer.shareLink} />
        <div class="result-side">
          <TransferStats transfer={props.transfer} />
          <p class="hint">
            Keep this tab open: the files are sent from here.
            <Show when={props.transfer.peers === 0}>{props.transfer.uploaded > 0 ? ' No one is connected right now.' : ' No one has connected yet.'}</Show>
          </p>
          <details>
            <summary>Magnet link (for BitTorrent apps)</summary>
            <div class="link-row">
              <code class="magnet">{props.transfer.magnet}</code>
              <CopyButton text={props.transfer.magnet} label="Copy magnet" />
            </div>
          </details>
        </div>
      </div>
    </div>
  );
}
