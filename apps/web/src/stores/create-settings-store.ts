/**
 * @module stores/create-settings-store — user settings (upload/download caps, bytes per second,
 * 0 = unlimited, applied to the engine's rate gates at once; whether to use WebRTC, read when the
 * engine starts: off, every peer is reached through the relay tunnel), kept in localStorage.
 */
import { createStore } from 'solid-js/store';

const KEY = 'seedling.settings.v1';

/** Settings state. */
export interface SettingsState {
  upRate: number;
  downRate: number;
  /** Direct WebRTC connections (default on); off: relay tunnel only. Applies on the next load. */
  webrtc: boolean;
}

/** The settings store: state plus setters. */
export interface SettingsStore {
  readonly state: SettingsState;
  setRates(upRate: number, downRate: number): void;
  setWebrtc(on: boolean): void;
}

/** The saved settings (defaults for anything missing or damaged). */
export function loadSettings(): SettingsState {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<SettingsState>;
    const ok = (n: unknown): number => (typeof n === 'number' && n >= 0 && Number.isFinite(n) ? n : 0);
    return { upRate: ok(v.upRate), downRate: ok(v.downRate), webrtc: v.webrtc !== false };
  } catch {
    return { upRate: 0, downRate: 0, webrtc: true };
  }
}

/** Create the settings store; `apply` receives the caps now and on every change. */
export function createSettingsStore(apply: (upRate: number, downRate: number) => void): SettingsStore {
  const [state, setState] = createStore<SettingsState>(loadSettings());
  const save = (): void => localStorage.setItem(KEY, JSON.stringify({ upRate: state.upRate, downRate: state.downRate, webrtc: state.webrtc }));
  apply(state.upRate, state.downRate);
  return {
    state,
    setRates(upRate, downRate) {
      setState({ upRate, downRate });
      save();
      apply(upRate, downRate);
    },
    setWebrtc(on) {
      setState({ webrtc: on });
      save();
    },
  };
}
