/**
 * @module stores/store-provider — composes the torrents and settings stores over one engine and
 * provides them to the component tree (solid-realworld style).
 */
import { createContext, onCleanup, useContext, type JSX } from 'solid-js';
import { createEngine } from '../lib/engine.js';
import { relayTrackerUrl, shareLinkBase, tokenFromAddress } from '../lib/share-link.js';
import { createSettingsStore, loadSettings, saveToken, type SettingsStore } from './create-settings-store.js';
import { createTorrentsStore, type TorrentsStore } from './create-torrents-store.js';

/** The stores every component may use. */
export interface Stores {
  torrents: TorrentsStore;
  settings: SettingsStore;
}

const StoresContext = createContext<Stores>();

/** Starts the engine for this page's relay and provides the stores. */
export function StoreProvider(props: { children: JSX.Element }) {
  const origin = location.origin;
  const trackerUrl = relayTrackerUrl(origin);
  // A private relay's access token: from the link this page was opened with (then remembered),
  // else the one saved in the settings.
  const linkToken = tokenFromAddress(location.href);
  if (linkToken) saveToken(linkToken);
  const { webrtc, token } = loadSettings();
  let torrents: TorrentsStore | undefined;
  const engine = createEngine({ relay: origin, webrtc, token, onRelayState: (s) => torrents?.setRelay(s) });
  torrents = createTorrentsStore(engine, shareLinkBase(origin, token), trackerUrl);
  const settings = createSettingsStore((up, down) => engine.setRates(up, down));
  onCleanup(() => engine.close());
  return <StoresContext.Provider value={{ torrents, settings }}>{props.children}</StoresContext.Provider>;
}

/** The stores (inside {@link StoreProvider}). */
export function useStores(): Stores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('useStores outside StoreProvider');
  return s;
}
