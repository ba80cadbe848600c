/**
 * @module tests/web/tunnel-fallback.test — the page reaches peers through the relay's `/tunnel`
 * when WebRTC cannot connect: here WebRTC is switched off in the page (the settings toggle), so
 * the only way between the page and the real `seedling` CLI (both ways), or between two pages, is
 * the end-to-end encrypted relay tunnel; and with WebRTC on, a peer WebRTC cannot reach (a CLI
 * seeding with `--transport tunnel`) is dialled through the tunnel after the fallback delay. The
 * CLI reports each peer's transport; bytes are compared
 * by SHA-256.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveDownload, shareFile } from './lib/app-driver.js';
import { type CliProcess } from './lib/cli-process.js';
import { sha256File, writeRandomFile } from './lib/test-files.js';
import { useWebFixture } from './lib/web-fixture.js';

const MiB = 1024 * 1024;
const fx = useWebFixture({ tempPrefix: 'seedling-web-tunnel-' });

/** A page whose app has WebRTC switched off in its settings (checked on the settings page). */
async function pageWithoutWebrtc(): Promise<Page> {
  const page = await (await fx.browser.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${fx.relay.origin}/`);
  await page.getByRole('button', { name: 'Settings' }).click();
  const toggle = page.getByTestId('webrtc-toggle');
  expect(await toggle.isChecked()).toBe(true);
  await toggle.uncheck();
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  expect(await page.getByTestId('webrtc-toggle').isChecked()).toBe(false);
  return page;
}

/** The relay's `seedling_relay_tunnel_bytes_relayed_total` (Prometheus text from /metrics). */
async function tunnelBytes(): Promise<number> {
  const text = await (await fetch(`${fx.relay.origin}/metrics`)).text();
  const m = /^seedling_relay_tunnel_bytes_relayed_total(?:\{[^}]*\})?\s+(\d+(?:\.\d+)?(?:e\+?\d+)?)/m.exec(text);
  if (!m) throw new Error('no tunnel byte counter in /metrics');
  return Number(m[1]);
}

const transports = (c: CliProcess): string[] => c.events.filter((e) => e.event === 'peer').map((e) => String(e.transport));

describe('web app ⇄ CLI through the relay tunnel (WebRTC off in the page)', () => {
  it('CLI seeds, the page receives identical bytes through the tunnel', async () => {
    const file = join(fx.dir, 'seeded.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const seed = fx.cli(['seed', file, '--relay', fx.relay.origin]);
    const ready = await seed.waitFor('ready', 120_000);
    const page = await pageWithoutWebrtc();
    await page.goto(String(ready.shareLink));
    const saved = await saveDownload(page, 120_000);
    expect(await sha256File(saved)).toBe(sha);
    expect(transports(seed)).toContain('tunnel');
    expect(transports(seed)).not.toContain('webrtc');
    await page.context().close();
    expect(await seed.stop()).toBe(0);
  });

  it('the page shares, `seedling get <share link>` receives identical bytes through the tunnel', async () => {
    const file = join(fx.dir, 'shared.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const page = await pageWithoutWebrtc();
    const link = await shareFile(page, fx.relay.origin, file);
    const out = join(fx.dir, 'got');
    const get = fx.cli(['get', link, '-o', out]);
    const code = await Promise.race([get.exited, new Promise((r) => setTimeout(() => r('timeout'), 120_000))]);
    expect(code, get.stderr()).toBe(0);
    expect(await sha256File(join(out, 'shared.bin'))).toBe(sha);
    expect(transports(get)).toContain('tunnel');
    expect(transports(get)).not.toContain('webrtc');
    await page.context().close();
  });

  it('page to page, both with WebRTC off: identical bytes through the tunnel', async () => {
    const file = join(fx.dir, 'tab.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const before = await tunnelBytes();
    const a = await pageWithoutWebrtc();
    const link = await shareFile(a, fx.relay.origin, file);
    const b = await pageWithoutWebrtc();
    await b.goto(link);
    const saved = await saveDownload(b, 120_000);
    expect(await sha256File(saved)).toBe(sha);
    // The relay carried it: its tunnel byte counter grew by at least the file (plus records).
    expect(await tunnelBytes()).toBeGreaterThanOrEqual(before + 8 * MiB);
    await a.context().close();
    await b.context().close();
  });

  it('WebRTC on in the page, a tunnel-only CLI seeder: the page falls back to the tunnel', async () => {
    const file = join(fx.dir, 'fallback.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const seed = fx.cli(['seed', file, '--relay', fx.relay.origin, '--transport', 'tunnel']);
    const ready = await seed.waitFor('ready', 120_000);
    const page = await (await fx.browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(String(ready.shareLink));
    const saved = await saveDownload(page, 120_000);
    expect(await sha256File(saved)).toBe(sha);
    expect(transports(seed)).toEqual(['tunnel']);
    await page.context().close();
    expect(await seed.stop()).toBe(0);
  });
});
