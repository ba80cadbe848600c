/**
 * @module tests/web/tunnel-fallback.test — the page reaches peers through the relay's `/tunnel`
 * when WebRTC cannot connect: here WebRTC is switched off in the page (the settings toggle), so
 * the only way between the page and the real `seedling` CLI (both ways), or between two pages, is
 * the end-to-end encrypted relay tunnel; and with WebRTC on, a peer WebRTC cannot reach (a CLI
 * seeding with `--transport tunnel`) is dialled through the tunnel after the fallback delay. The
 * CLI reports each peer's transport; bytes are compared
 * by SHA-256.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.js';
import { saveDownload, shareFile } from './lib/app-driver.js';
import { startCli, type CliProcess } from './lib/cli-process.js';
import { startRelay, type RelayProcess } from './lib/relay-process.js';
import { sha256File, writeRandomFile } from './lib/test-files.js';

const MiB = 1024 * 1024;
let relay: RelayProcess | undefined;
let browser: Browser | undefined;
let dir: string;
const clis: CliProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seedling-web-tunnel-'));
  relay = await startRelay();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of clis) await c.stop();
  await browser?.close();
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page whose app has WebRTC switched off in its settings (checked on the settings page). */
async function pageWithoutWebrtc(): Promise<Page> {
  const page = await (await browser!.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${relay!.origin}/`);
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
  const text = await (await fetch(`${relay!.origin}/metrics`)).text();
  const m = /^seedling_relay_tunnel_bytes_relayed_total(?:\{[^}]*\})?\s+(\d+(?:\.\d+)?(?:e\+?\d+)?)/m.exec(text);
  if (!m) throw new Error('no tunnel byte counter in /metrics');
  return Number(m[1]);
}

const transports = (c: CliProcess): string[] => c.events.filter((e) => e.event === 'peer').map((e) => String(e.transport));

describe('web app ⇄ CLI through the relay tunnel (WebRTC off in the page)', () => {
  it('CLI seeds, the page receives identical bytes through the tunnel', async () => {
    const file = join(dir, 'seeded.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const seed = startCli(['seed', file, '--relay', relay!.origin]);
    clis.push(seed);
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
    const file = join(dir, 'shared.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const page = await pageWithoutWebrtc();
    const link = await shareFile(page, relay!.origin, file);
    const out = join(dir, 'got');
    const get = startCli(['get', link, '-o', out]);
    clis.push(get);
    const code = await Promise.race([get.exited, new Promise((r) => setTimeout(() => r('timeout'), 120_000))]);
    expect(code, get.stderr()).toBe(0);
    expect(await sha256File(join(out, 'shared.bin'))).toBe(sha);
    expect(transports(get)).toContain('tunnel');
    expect(transports(get)).not.toContain('webrtc');
    await page.context().close();
  });

  it('page to page, both with WebRTC off: identical bytes through the tunnel', async () => {
    const file = join(dir, 'tab.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const before = await tunnelBytes();
    const a = await pageWithoutWebrtc();
    const link = await shareFile(a, relay!.origin, file);
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
    const file = join(dir, 'fallback.bin');
    const sha = await writeRandomFile(file, 8 * MiB);
    const seed = startCli(['seed', file, '--relay', relay!.origin, '--transport', 'tunnel']);
    clis.push(seed);
    const ready = await seed.waitFor('ready', 120_000);
    const page = await (await browser!.newContext({ acceptDownloads: true })).newPage();
    await page.goto(String(ready.shareLink));
    const saved = await saveDownload(page, 120_000);
    expect(await sha256File(saved)).toBe(sha);
    expect(transports(seed)).toEqual(['tunnel']);
    await page.context().close();
    expect(await seed.stop()).toBe(0);
  });
});
