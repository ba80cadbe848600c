/**
 * @module stores/create-settings-store — user settings (upload/download caps, bytes per second,
 * 0 = unlimited), kept in localStorage and applied to the engine's rate gates.
 */
import { createStore } from 'solid-js/store';

const KEY = 'seedling.settings.v1';

/** Settings state. */
export interface SettingsState {
  upRate: number;
  downRate: number;
}

/** The settings store: state plus setters. */
export interface SettingsStore {
  readonly state: SettingsState;
  setRates(upRate: number, downRate: number): void;
}

function load(): SettingsState {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<SettingsState>;
    const ok = (n: unknown): number => (typeof n === 'number' && n >= 0 && Number.isFinite(n) ? n : 0);
    return { upRate: ok(v.upRate), downRate: ok(v.downRate) };
  } catch {
    return { upRate: 0, downRate: 0 };
  }
}

/** Create the settings store; `apply` receives the caps now and on every change. */
export function createSettingsStore(apply: (upRate: number, downRate: number) => void): SettingsStore {
  const [state, setState] = createStore<SettingsState>(load());
  apply(state.upRate, state.downRate);
  return {
    state,
    setRates(upRate, downRate) {
      setState({ upRate, downRate });
      localStorage.setItem(KEY, JSON.stringify({ upRate, downRate }));
      apply(upRate, downRate);
    },
  };
}
