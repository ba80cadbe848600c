/** @module components/nav-tabs — the page switcher. */
import { For } from 'solid-js';

/** Pages of the app. */
export type View = 'share' | 'receive' | 'transfers' | 'settings';

const TABS: { view: View; label: string }[] = [
  { view: 'share', label: 'Share' },
  { view: 'receive', label: 'Receive' },
  { view: 'transfers', label: 'My transfers' },
  { view: 'settings', label: 'Settings' },
];

/** Tabs; the current one is marked with aria-current. */
export function NavTabs(props: { view: View; onSelect: (v: View) => void }) {
  return (
    <nav class="tabs" aria-label="Pages">
      <For each={TABS}>
        {(tab) => (
          <button type="button" class="tab" aria-current={props.view === tab.view ? 'page' : undefined} onClick={() => props.onSelect(tab.view)}>
            {tab.label}
          </button>
        )}
      </For>
    </nav>
  );
}
