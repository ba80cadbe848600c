/** @module routes/transfers-page — what this browser shares and receives (survives reloads). */
import { For, Show } from 'solid-js';
import { TransferRow } from '../components/transfer-row.js';
import { useStores } from '../stores/store-provider.js';

/** The transfers list. */
export function TransfersPage(props: { onOpen: (id: string) => void }) {
  const { torrents } = useStores();
  return (
    <section class="card">
      <h1>My transfers</h1>
      <Show when={torrents.state.transfers.length > 0} fallback={<p class="lead">Nothing yet. Share files or open a link you were sent.</p>}>
        <ul class="transfers">
          <For each={torrents.state.transfers}>{(t) => <TransferRow transfer={t} onOpen={props.onOpen} onRemove={(id) => void torrents.remove(id)} />}</For>
        </ul>
        <p class="hint">
          Received files stay in this browser's private storage until you remove them. Shared files are read from where you
          picked them; after a reload, pick them again to keep sharing.
        </p>
      </Show>
    </section>
  );
}
