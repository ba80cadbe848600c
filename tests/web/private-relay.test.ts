/**
 * @module tests/web/private-relay.test — the web app against a private relay (`seedling-relay
 * --token`), in real Chromium: without the token, or with a wrong one, the page says so in words
 * ("Access token required" / "Access token refused") instead of "can't reach the relay"; with the
 * token (from a `?token=` link, remembered; or typed in the settings) one tab shares and another
 * receives identical bytes, and the share link carries the token. Also: the page's HTTP tracker
 * lookups never put it into a TCP client's (compact) peer list, since a page has no TCP port.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveDownload, shareFile } from './lib/app-driver.js';
import { sha256File, writeRandomFile } from './lib/test-files.js';
import { useWebFixture } from './lib/web-fixture.js';

const MiB = 1024 * 1024;
const TOKEN = 'tab-secret-7Qx';
const fx = useWebFixture({ tempPrefix: 'seedling-web-private-', relayArgs: ['--token', TOKEN] });

async function newPage(): Promise<Page> {
  const page = await (await fx.browser.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** The text of the page's "relay refused us" banner, once shown. */
async function refusal(page: Page): Promise<string> {
  const banner = page.getByTestId('relay-token-refused');
  await banner.waitFor({ timeout: 30_000 });
  return (await banner.textContent()) ?? '';
}

/** Bencoded `/announce` answer of the relay as raw text (latin1 keeps the binary bytes one per char). */
async function announce(infoHashHex: string, query: string): Promise<string> {
  const pct = (hex: string) => hex.replace(/../g, '%$&');
  const url = `${fx.relay.origin}/announce?token=${TOKEN}&info_hash=${pct(infoHashHex)}&peer_id=${pct('2d5453303030312d' + '11'.repeat(12))}&${query}`;
  return Buffer.from(await (await fetch(url)).arrayBuffer()).toString('latin1');
}

describe('web app and a private relay (access token)', () => {
  it('without a token the page says an access token is required, not that the relay is unreachable', async () => {
    const page = await newPage();
    await page.goto(`${fx.relay.origin}/`);
    expect(await refusal(page)).toMatch(/Access token required/);
    expect(await page.getByText("Can't reach the relay").count()).toBe(0);
    await page.context().close();
  });

  it('a wrong token typed in the settings is refused, with words saying so', async () => {
    const page = await newPage();
    await page.goto(`${fx.relay.origin}/`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('relay-token').fill('not-the-token');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.reload();
    expect(await refusal(page)).toMatch(/Access token refused/);
    await page.context().close();
  });

  it('with the token (from a ?token= link) a tab shares, the link carries the token, another tab receives identical bytes', async () => {
    const file = join(fx.dir, 'private.bin');
    const sha = await writeRandomFile(file, 4 * MiB);
    const a = await newPage();
    await a.goto(`${fx.relay.origin}/?token=${TOKEN}`);
    // Remembered: shareFile opens the bare origin again.
    const link = await shareFile(a, fx.relay.origin, file);
    expect(link.startsWith(`${fx.relay.origin}/?token=${TOKEN}#magnet:?`)).toBe(true);
    expect(await a.getByTestId('relay-token-refused').count()).toBe(0);
    await a.getByRole('button', { name: 'Settings' }).click();
    expect(await a.getByTestId('relay-token').inputValue()).toBe(TOKEN);

    // The page is in the relay's swarm (its lookups announce it), but only by id: TCP clients,
    // which read compact lists, are never given an address for it (it has no TCP port).
    const infoHash = /xt=urn:btih:([0-9a-f]{40})/i.exec(link)![1]!.toLowerCase();
    let listed = '';
    for (let i = 0; i < 50 && !listed.includes('peer id'); i++) {
      listed = await announce(infoHash, 'port=6881&compact=0');
      if (!listed.includes('peer id')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toMatch(/4:porti0e/);
    expect(await announce(infoHash, 'port=6881&compact=1')).toMatch(/5:peers0:/);

    const b = await newPage();
    await b.goto(link);
    const saved = await saveDownload(b, 120_000);
    expect(await sha256File(saved)).toBe(sha);
    await a.context().close();
    await b.context().close();
  });
});
