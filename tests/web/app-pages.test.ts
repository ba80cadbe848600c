/**
 * @module tests/web/app-pages.test — the app without transfers: a damaged or foreign link gives an
 * error a person understands (and no progress bar), the transfers list and settings render and
 * persist across a reload, in light and dark colour schemes. Screenshots go to screenshots/.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useWebFixture } from './lib/web-fixture.js';

const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
const fx = useWebFixture();

describe('web app pages', () => {
  it('a damaged share link shows an understandable error, not a transfer', async () => {
    const page = await (await fx.browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
    await page.goto(`${fx.relay.origin}/#magnet:?xt=urn:btih:nothex`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/damaged/i);
    expect(await page.getByTestId('progress').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'bad-link.png') });
    await page.context().close();
  });

  it('settings persist across a reload; pasting a magnet lists the transfer (dark scheme)', async () => {
    const page = await (await fx.browser.newContext({ colorScheme: 'dark', viewport: { width: 900, height: 700 } })).newPage();
    await page.goto(`${fx.relay.origin}/`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Upload limit').fill('2MB');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByRole('button', { name: 'Receive', exact: true }).first().click();
    await page.getByLabel(/Paste the share link/).fill('magnet:?xt=urn:btih:0102030405060708090a0b0c0d0e0f1011121314&dn=holiday.mp4');
    await page.locator('form.paste').getByRole('button', { name: 'Receive' }).click();
    await page.getByRole('heading', { name: 'holiday.mp4' }).waitFor();
    await page.screenshot({ path: join(shots, 'receive-waiting-dark.png') });
    await page.reload();
    await page.getByRole('button', { name: 'My transfers' }).click();
    await page.getByText('holiday.mp4').waitFor();
    await page.screenshot({ path: join(shots, 'transfers-dark.png') });
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByLabel('Upload limit').inputValue()).toBe('2MB');
    await page.getByRole('button', { name: 'My transfers' }).click();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Nothing yet').waitFor();
    await page.context().close();
  });
});
