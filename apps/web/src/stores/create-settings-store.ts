/**
 * @module stores/create-settings-store — user settings (upload/download caps, bytes per second,
 * 0 = unlimited, applied to the engine's rate gates at once; whether to use WebRTC, read when the
 * engine starts: off, every peer is reached through the relay tunnel; the access token of a
 * private relay, read when the engine starts), kept in localStorage.
 */
import { createStore } from 'solid-js/store';

const KEY = 'seedling.settings.v1';

/** Settings state. */
export interface SettingsState {
  upRate: number;
  downRate: number;
  /** Direct WebRTC connections (default on); off: relay tunnel only. Applies on the next load. */
  webrtc: boolean;
  /**
   * Access token of a private relay (`seedling-relay --token`), '' for none. Sent on the tracker
   * socket, the HTTP lookups and the tunnel; share links made here carry it. Applies on the next load.
   */
  token: string;
}

/** The settings store: state plus setters. */
export interface SettingsStore {
  readonly state: SettingsState;
  setRates(upRate: number, downRate: number): void;
  setWebrtc(on: boolean): void;
  setToken(token: string): void;
}

/** The saved settings (defaults for anything missing or damaged). */
export function loadSettings(): SettingsState {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<SettingsState>;
    const ok = (n: unknown): number => (typeof n === 'number' && n >= 0 && Number.isFinite(n) ? n : 0);
    return { upRate: ok(v.upRate), downRate: ok(v.downRate), webrtc: v.webrtc !== false, token: typeof v.token === 'string' ? v.token.trim() : '' };
  } catch {
    return { upRate: 0, downRate: 0, webrtc: true, token: '' };
  }
}

/** Keeps `token` as the saved access token (a share link's `?token=` is remembered this way). */
export function saveToken(token: string): void {
  const s = loadSettings();
  localStorage.setItem(KEY, JSON.stringify({ ...s, token: token.trim() }));
}

/** Create the settings store; `apply` receives the caps now and on every change. */
export function createSettingsStore(apply: (upRate: number, downRate: number) => void): SettingsStore {
  const [state, setState] = createStore<SettingsState>(loadSettings());
  const save = (): void => localStorage.setItem(KEY, JSON.stringify({ upRate: state.upRate, downRate: state.downRate, webrtc: state.webrtc, token: state.token }));
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
    setToken(token) {
      setState({ token: token.trim() });
      save();
    },
  };
}
