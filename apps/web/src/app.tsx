/** @module app — the Seedling web app: the stores' provider around the shell. */
import { AppShell } from './components/app-shell.js';
import { StoreProvider } from './stores/store-provider.js';

/** The whole app. */
export function App() {
  return (
    <StoreProvider>
      <AppShell />
    </StoreProvider>
  );
}
