/**
 * @module tests/web/browser-to-browser.test — two Chromium contexts through a real relay: A shares
 * a 50 MiB file from the file input, B opens the share link, receives it over WebRTC into OPFS and
 * saves it; the saved bytes' SHA-256 equals the original's. Then a reload of B in the middle of a
 * (rate-limited) download resumes: only the missing pieces are fetched. Screenshots of both pages
 * go to tests/web/screenshots/.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { receiveCounters, saveDownload, shareFile } from './lib/app-driver.js';
import { sha256File, writeRandomFile } from './lib/test-files.js';
import { useWebFixture } from './lib/web-fixture.js';

const MiB = 1024 * 1024;
const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
const fx = useWebFixture({ tempPrefix: 'seedling-web-' });

async function newPage(): Promise<Page> {
  const ctx = await fx.browser.newContext({ acceptDownloads: true, viewport: { width: 900, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('web app: browser to browser through the relay', () => {
  it('shares a 50 MiB file from one tab; another tab receives and saves identical bytes', async () => {
    const file = join(fx.dir, 'fifty.bin');
    const sha = await writeRandomFile(file, 50 * MiB);
    const a = await newPage();
    const link = await shareFile(a, fx.relay.origin, file);
    expect(link.startsWith(`${fx.relay.origin}/#magnet:?`)).toBe(true);
    await a.screenshot({ path: join(shots, 'share.png') });

    const b = await newPage();
    const t0 = Date.now();
    await b.goto(link);
    const saved = await saveDownload(b);
    const seconds = (Date.now() - t0) / 1000;
    await b.screenshot({ path: join(shots, 'receive.png') });
    expect(await b.getByTestId('progress').getAttribute('aria-valuenow')).toBe('100');
    const counters = await receiveCounters(b);
    expect(counters.length).toBe(50 * MiB);
    expect(counters.downloaded).toBeGreaterThanOrEqual(50 * MiB);
    expect(await sha256File(saved)).toBe(sha);
    await a.screenshot({ path: join(shots, 'share-seeding.png') });
    // Once B has left (complete: seeds do not stay connected), A shows no peer and no upload
    // rate — not the last rate it measured. Both figures come from the same patch.
    await b.context().close();
    const stat = (label: string): Promise<string | undefined> =>
      a.evaluate((l) => [...document.querySelectorAll('.stats div')].find((d) => d.querySelector('dt')?.textContent === l)?.querySelector('dd')?.textContent ?? undefined, label);
    await a.waitForFunction(() => [...document.querySelectorAll('.stats div')].some((d) => d.querySelector('dt')?.textContent === 'Peers' && d.querySelector('dd')?.textContent === '0'), undefined, { timeout: 60_000 });
    expect(await stat('Upload')).toBe('0 B/s');
    await a.context().close();
  });

  it('a reload in the middle of a download resumes and fetches only the missing pieces', async () => {
    const size = 24 * MiB;
    const file = join(fx.dir, 'resume.bin');
    const sha = await writeRandomFile(file, size);
    const a = await newPage();
    const link = await shareFile(a, fx.relay.origin, file);

    const b = await newPage();
    // Cap B's download at 4 MB/s (the settings panel's cap, core's rate limiter) so the reload lands mid-way.
    await b.goto(`${fx.relay.origin}/`);
    await b.evaluate(() => localStorage.setItem('seedling.settings.v1', JSON.stringify({ upRate: 0, downRate: 4_000_000 })));
    await b.goto(link);
    await b.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('aria-valuenow')) >= 30, undefined, { timeout: 60_000 });
    const before = await receiveCounters(b);
    expect(before.progress).toBeLessThan(100);
    await b.evaluate(() => localStorage.setItem('seedling.settings.v1', JSON.stringify({ upRate: 0, downRate: 0 })));
    await b.reload();
    const saved = await saveDownload(b);
    const after = await receiveCounters(b);
    console.log(`resume: ${before.verified} verified before reload; after: resumed ${after.resumed}, downloaded ${after.downloaded} of ${after.length}`);
    expect(after.resumed).toBeGreaterThanOrEqual(Math.floor(before.verified * 0.9));
    expect(after.resumed).toBeGreaterThan(0.25 * size);
    // Only what was missing came over the wire this time (plus at most a few pieces in flight).
    expect(after.downloaded).toBeLessThanOrEqual(size - after.resumed + 2 * MiB);
    expect(await sha256File(saved)).toBe(sha);
    await a.context().close();
    await b.context().close();
  });
});
