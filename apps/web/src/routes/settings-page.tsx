/** @module routes/settings-page — upload and download caps (core's rate limiter), WebRTC on/off, and a private relay's access token. */
import { createSignal } from 'solid-js';
import { parseRate } from '@seedling/core';
import { useStores } from '../stores/store-provider.js';

const show = (n: number): string => (n > 0 ? `${n / 1e6}MB` : 'unlimited');

/** The settings page. */
export function SettingsPage() {
  const { settings } = useStores();
  const [up, setUp] = createSignal(show(settings.state.upRate));
  const [down, setDown] = createSignal(show(settings.state.downRate));
  const [token, setToken] = createSignal(settings.state.token);
  const [message, setMessage] = createSignal<string | null>(null);
  const save = (e: SubmitEvent): void => {
    e.preventDefault();
    try {
      const toCap = (v: string): number => {
        const n = parseRate(v.trim() === '' ? 'unlimited' : v.replace(/\s+/g, ''));
        return Number.isFinite(n) ? n : 0;
      };
      settings.setRates(toCap(up()), toCap(down()));
      const tokenChanged = token().trim() !== settings.state.token;
      settings.setToken(token());
      setMessage(tokenChanged ? 'Saved. The limits apply right away; reload the page to use the new access token.' : 'Saved. The new limits apply right away.');
    } catch (err) {
      setMessage(`Not saved: ${(err as Error).message}`);
    }
  };
  return (
    <section class="card">
      <h1>Settings</h1>
      <form class="settings" onSubmit={save}>
        <label>Upload limit <input type="text" value={up()} onInput={(e) => setUp(e.currentTarget.value)} /></label>
        <label>Download limit <input type="text" value={down()} onInput={(e) => setDown(e.currentTarget.value)} /></label>
        <p class="hint">Per second, for all transfers together, e.g. <code>2MB</code>, <code>500KB</code> or <code>unlimited</code>.</p>
        <label>
          <input type="checkbox" data-testid="webrtc-toggle" checked={settings.state.webrtc} onChange={(e) => {
            settings.setWebrtc(e.currentTarget.checked);
            setMessage('Saved. Reload the page to connect this way.');
          }} /> Direct connections (WebRTC); off: every peer through the relay tunnel
        </label>
        <label>
          Relay access token{' '}
          <input type="password" autocomplete="off" data-testid="relay-token" value={token()} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <p class="hint">Only for a private relay (started with <code>--token</code>). Share links made here carry it, so whoever opens them can use the relay too.</p>
        <button type="submit" class="button primary">Save</button>
        <p class="hint" role="status">{message()}</p>
      </form>
    </section>
  );
}
