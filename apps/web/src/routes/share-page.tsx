/** @module routes/share-page — pick or drop files → hashing → share link, QR → seeding status. */
import { createSignal, Show } from 'solid-js';
import { DropZone } from '../components/drop-zone.js';
import { HashProgress } from '../components/hash-progress.js';
import { ShareResult } from '../components/share-result.js';
import { explainError } from '../lib/explain-error.js';
import type { PickedFile } from '../lib/source-files.js';
import { useStores } from '../stores/store-provider.js';

/** The share page. */
export function SharePage() {
  const { torrents } = useStores();
  const [shared, setShared] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const transfer = () => {
    const id = shared();
    return id ? torrents.find(id) : undefined;
  };
  const onFiles = (picked: PickedFile[]): void => {
    if (picked.length === 0) return;
    if (picked.every((p) => p.file.size === 0)) {
      setError('These files are empty: there is nothing to share.');
      return;
    }
    setError(null);
    setShared(null);
    torrents.share(picked).then(setShared, (err) => setError(explainError(err)));
  };
  return (
    <section class="card">
      <h1>Share files</h1>
      <p class="lead">Pick files or a folder. You get a link; whoever opens it receives the files straight from this tab.</p>
      <DropZone disabled={torrents.state.hashing !== null} onFiles={onFiles} />
      <Show when={torrents.state.hashing}>{(h) => <HashProgress done={h().done} total={h().total} />}</Show>
      <Show when={error()}>{(e) => <p class="error" role="alert">{e()}</p>}</Show>
      <Show when={transfer()}>{(t) => <ShareResult transfer={t()} />}</Show>
    </section>
  );
}
