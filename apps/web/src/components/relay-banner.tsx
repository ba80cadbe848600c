/** @module components/relay-banner — tells people when the relay (peer introductions) is unreachable or refuses them. */
import { Show } from 'solid-js';
import { useStores } from '../stores/store-provider.js';
import { explainRelayRefusal } from '../lib/explain-error.js';

/** Shown while the relay's tracker socket is down. */
export function RelayBanner() {
  const { torrents, settings } = useStores();
  return (
    <>
      <Show when={torrents.state.relay === 'closed'}>
        <div class="banner warn" role="status">
          Can't reach the relay at {location.host}. Transfers already connected keep going; new peers will be found when it is back. Retrying…
        </div>
      </Show>
      <Show when={torrents.state.relay === 'unauthorized'}>
        <div class="banner warn" role="alert" data-testid="relay-token-refused">
          {explainRelayRefusal(location.host, settings.state.token !== '')}
        </div>
      </Show>
    </>
  );
}
