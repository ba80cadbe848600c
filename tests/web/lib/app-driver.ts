/** @module tests/web/lib/app-driver — drives the web app through its fixed test hooks. */
import type { Page } from 'playwright-core';

/** Opens the app, shares `filePath` through `file-input`; resolves to the share link. */
export async function shareFile(page: Page, origin: string, filePath: string, timeoutMs = 90_000): Promise<string> {
  await page.goto(`${origin}/`);
  await page.getByTestId('file-input').setInputFiles(filePath);
  const link = page.getByTestId('share-link');
  await link.waitFor({ timeout: timeoutMs });
  const href = await link.getAttribute('href');
  if (!href) throw new Error('share-link has no href');
  return href;
}

/** Waits for `download-complete`, clicks the first save link, resolves to the saved file's path. */
export async function saveDownload(page: Page, timeoutMs = 120_000): Promise<string> {
  await page.getByTestId('download-complete').waitFor({ timeout: timeoutMs });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('save-file').first().click()]);
  const path = await download.path();
  if (!path) throw new Error(`download failed: ${await download.failure()}`);
  return path;
}

/** The receive view's counters (data attributes next to the progress bar). */
export async function receiveCounters(page: Page): Promise<{ downloaded: number; resumed: number; verified: number; length: number; progress: number }> {
  return page.evaluate(() => {
    const view = document.querySelector('.receive') as HTMLElement | null;
    const bar = document.querySelector('[data-testid="progress"]');
    const n = (k: string): number => Number(view?.dataset[k] ?? 0);
    return { downloaded: n('downloaded'), resumed: n('resumed'), verified: n('verified'), length: n('length'), progress: Number(bar?.getAttribute('aria-valuenow') ?? 0) };
  });
}
