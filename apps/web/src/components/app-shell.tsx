/**
 * @module components/app-shell — header, navigation and the current page. A share link's
 * fragment (`#magnet:…`) opens the receive page for it, on load and when the fragment changes.
 */
import { createSignal, Match, onCleanup, onMount, Switch } from 'solid-js';
import { ReceivePage } from '../routes/receive-page.js';
import { SettingsPage } from '../routes/settings-page.js';
import { SharePage } from '../routes/share-page.js';
import { TransfersPage } from '../routes/transfers-page.js';
import { useStores } from '../stores/store-provider.js';
import { NavTabs, type View } from './nav-tabs.js';
import { RelayBanner } from './relay-banner.js';

/** The app frame. */
export function AppShell() {
  const { torrents } = useStores();
  const [view, setView] = createSignal<View>('share');
  const [receiving, setReceiving] = createSignal<string | null>(null);
  const [linkError, setLinkError] = createSignal<string | null>(null);

  const openFragment = (): void => {
    const hash = location.hash.slice(1);
    if (!hash) return;
    setView('receive');
    try {
      setReceiving(torrents.receive(hash));
      setLinkError(null);
    } catch (err) {
      setLinkError((err as Error).message);
    }
  };
  onMount(() => {
    openFragment();
    window.addEventListener('hashchange', openFragment);
  });
  onCleanup(() => window.removeEventListener('hashchange', openFragment));

  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="/" onClick={(e) => { e.preventDefault(); setView('share'); }}>
          <span class="brand-mark" aria-hidden="true">❦</span> Seedling
        </a>
        <NavTabs view={view()} onSelect={setView} />
      </header>
      <RelayBanner />
      <main class="page">
        <Switch>
          <Match when={view() === 'share'}><SharePage /></Match>
          <Match when={view() === 'receive'}>
            <ReceivePage id={receiving()} error={linkError()} onOpen={(id) => { setReceiving(id); setLinkError(null); }} onError={setLinkError} />
          </Match>
          <Match when={view() === 'transfers'}>
            <TransfersPage onOpen={(id) => { setReceiving(id); setView('receive'); }} />
          </Match>
          <Match when={view() === 'settings'}><SettingsPage /></Match>
        </Switch>
      </main>
      <footer class="foot">Files go straight from browser to browser. The relay only introduces peers, and never sees your link.</footer>
    </div>
  );
}
