/** @module routes/receive-page — paste a link, or follow a transfer being received. */
import { Show } from 'solid-js';
import { PasteLink } from '../components/paste-link.js';
import { ReceiveView } from '../components/receive-view.js';
import { useStores } from '../stores/store-provider.js';

/** The receive page. */
export function ReceivePage(props: { id: string | null; error: string | null; onOpen: (id: string) => void; onError: (msg: string) => void }) {
  const { torrents } = useStores();
  const transfer = () => (props.id ? torrents.find(props.id) : undefined);
  return (
    <section class="card">
      <Show when={transfer()} fallback={<h1>Receive files</h1>}>
        {(t) => <ReceiveView transfer={t()} />}
      </Show>
      <Show when={props.error}>{(e) => <p class="error" role="alert">{e()}</p>}</Show>
      <PasteLink onOpen={props.onOpen} onError={props.onError} compact={!!transfer()} />
    </section>
  );
}
