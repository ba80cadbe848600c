/**
 * @module tests/web/opfs-storage.test — core's Storage compliance suite (`runStorageSuite`) run
 * unchanged against the OPFS adapter inside headless Chromium (a secure page on the relay's
 * origin), bundled with a minimal vitest-compatible runner for the page; and the blob storage
 * that seeds picked files, through its read worker and without.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useWebFixture } from './lib/web-fixture.js';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<unknown>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const core = fileURLToPath(new URL('../../packages/core/', import.meta.url));
const fx = useWebFixture();

async function bundle(entry = 'lib/opfs-suite-entry.ts'): Promise<string> {
  const requireCore = createRequire(join(core, 'package.json'));
  const esbuild = createRequire(requireCore.resolve('tsup'))('esbuild') as EsbuildLike;
  const dir = mkdtempSync(join(tmpdir(), 'seedling-opfs-suite-'));
  try {
    const outfile = join(dir, 'suite.js');
    await esbuild.build({
      entryPoints: [join(here, entry)],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      outfile,
      alias: { vitest: join(here, 'lib/mini-vitest.ts') },
      logLevel: 'error',
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OPFS storage in Chromium', () => {
  it('passes core\'s Storage compliance suite', async () => {
    const page = await (await fx.browser.newContext()).newPage();
    await page.goto(`${fx.relay.origin}/`);
    await page.addScriptTag({ content: await bundle() });
    const results = await page.evaluate(() => (window as unknown as { runOpfsSuite(): Promise<{ name: string; ok: boolean; error?: string }[]> }).runOpfsSuite());
    const failed = results.filter((r) => !r.ok);
    expect(failed, failed.map((f) => `${f.name}: ${f.error}`).join('\n')).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(11); // the suite had 11 tests when this was written
    await page.context().close();
  });
});

describe('blob storage (seeding picked files) in Chromium', () => {
  it('reads ranges inside, across and between files (pad zeros), in its worker and without, and refuses reads after close', async () => {
    const page = await (await fx.browser.newContext()).newPage();
    await page.goto(`${fx.relay.origin}/`);
    await page.addScriptTag({ content: await bundle('lib/blob-storage-entry.ts') });
    const workers = await page.evaluate(() => typeof Worker);
    expect(workers).toBe('function'); // the worker path is the one exercised
    const problems = await page.evaluate(() => (window as unknown as { runBlobStorageCheck(): Promise<string[]> }).runBlobStorageCheck());
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
