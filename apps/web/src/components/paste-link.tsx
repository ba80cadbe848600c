/** @module components/paste-link — paste a share link or magnet to start receiving. */
import { createSignal } from 'solid-js';
import { useStores } from '../stores/store-provider.js';

/** A one-field form. */
export function PasteLink(props: { onOpen: (id: string) => void; onError: (msg: string) => void; compact: boolean }) {
  const { torrents } = useStores();
  const [text, setText] = createSignal('');
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    try {
      props.onOpen(torrents.receive(text()));
      setText('');
    } catch (err) {
      props.onError((err as Error).message);
    }
  };
  return (
    <form class="paste" classList={{ compact: props.compact }} onSubmit={submit}>
      <label for="paste-link">{props.compact ? 'Receive something else' : 'Paste the share link or magnet link you were sent'}</label>
      <div class="link-row">
        <input id="paste-link" type="text" placeholder="https://…/#magnet:?xt=…" value={text()} onInput={(e) => setText(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
        <button type="submit" class="button primary">Receive</button>
      </div>
    </form>
  );
}
