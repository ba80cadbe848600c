/**
 * @module tests/web/hash-workers.test — hashing stays off the page's thread (issue 6: "hashing
 * with hasher-wasm in Web Workers so the UI never stalls"). Tab A shares a 50 MiB file, tab B
 * receives it, while V8's sampling profiler (CDP `Profiler`, asked for 100 µs; Chromium gave ~1 ms)
 * records each page's main thread from outside the page. The only WebAssembly a page runs is
 * hasher-wasm, so main-thread samples in a `wasm://` frame are main-thread hashing. Measured on the
 * receiving page (2026-11-25, load ~6): 398 wasm samples (501 ms) while it verified pieces on its
 * own thread, 6 (1.2 ms) with verification in the pool's workers; the sharing page 28–30 (its BEP
 * 52 tree folds of piece leaves; the piece hashing itself already ran in workers). What remains on
 * the page thread: the metadata's SHA-1 (a few KiB) and those folds. Both pages must also have
 * started the pool's worker (pool-worker-browser).
 * Long tasks (PerformanceObserver 'longtask') of the receiving page are printed, not asserted.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { saveDownload } from './lib/app-driver.js';
import { sha256File, writeRandomFile } from './lib/test-files.js';
import { useWebFixture } from './lib/web-fixture.js';

const MiB = 1024 * 1024;
const fx = useWebFixture({ tempPrefix: 'seedling-web-hash-' });

interface ProfileNode { id: number; callFrame: { url: string; functionName: string } }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }

/** Starts V8's sampling profiler on `page`'s main thread (100 µs interval). */
async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Stops the profiler: main-thread samples in total and in WebAssembly frames, and their ms. */
async function stopProfile(cdp: CDPSession): Promise<{ samples: number; wasmSamples: number; wasmMs: number; top: string[] }> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.detach();
  const wasm = new Map<number, string>();
  for (const n of profile.nodes) if (n.callFrame.url.startsWith('wasm://')) wasm.set(n.id, n.callFrame.functionName);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let wasmSamples = 0;
  let wasmUs = 0;
  const byName = new Map<string, number>();
  samples.forEach((id, i) => {
    const name = wasm.get(id);
    if (name === undefined) return;
    wasmSamples++;
    wasmUs += deltas[i + 1] ?? 0; // a sample's time is the delta to the next one
    byName.set(name, (byName.get(name) ?? 0) + 1);
  });
  const top = [...byName].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([n, c]) => `${n || '(anonymous)'} ${c}`);
  return { samples: samples.length, wasmSamples, wasmMs: wasmUs / 1000, top };
}

async function newPage(): Promise<Page> {
  const page = await (await fx.browser.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

const hasPoolWorker = (page: Page): boolean => page.workers().some((w) => w.url().includes('pool-worker-browser'));

describe('web app: hashing runs in Web Workers, not on the page thread', () => {
  it('50 MiB shared and received: hundreds of wasm samples would show main-thread hashing; there are (almost) none', async () => {
    const size = 50 * MiB;
    const file = join(fx.dir, 'fifty.bin');
    const sha = await writeRandomFile(file, size);

    const a = await newPage();
    await a.goto(`${fx.relay.origin}/`);
    const aProfile = await startProfile(a);
    await a.getByTestId('file-input').setInputFiles(file);
    const linkEl = a.getByTestId('share-link');
    await linkEl.waitFor({ timeout: 120_000 });
    const shared = await stopProfile(aProfile);
    const link = (await linkEl.getAttribute('href'))!;
    expect(link.startsWith(`${fx.relay.origin}/#magnet:?`)).toBe(true);

    const b = await newPage();
    await b.addInitScript(() => {
      const w = globalThis as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    // Open the app first and profile from there: the share link differs only in its fragment, so
    // the receive starts in this same document (app-shell's hashchange), under the profiler.
    await b.goto(`${fx.relay.origin}/`);
    const bProfile = await startProfile(b);
    await b.goto(link);
    await b.getByTestId('download-complete').waitFor({ timeout: 240_000 });
    const received = await stopProfile(bProfile);
    const longTasks = await b.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
    const verified = Number(await b.evaluate(() => (document.querySelector('.receive') as HTMLElement | null)?.dataset.verified ?? 0));
    const saved = await saveDownload(b);
    expect(await sha256File(saved)).toBe(sha);

    console.log(
      `main-thread wasm while sharing: ${shared.wasmSamples} of ${shared.samples} samples (${shared.wasmMs.toFixed(1)} ms) [${shared.top.join(', ')}]; ` +
        `while receiving: ${received.wasmSamples} of ${received.samples} (${received.wasmMs.toFixed(1)} ms) [${received.top.join(', ')}]; ` +
        `receiver long tasks: ${longTasks.length}, longest ${Math.max(0, ...longTasks).toFixed(0)} ms`,
    );
    expect(verified).toBe(size);
    expect(hasPoolWorker(a)).toBe(true);
    expect(hasPoolWorker(b)).toBe(true);
    // The profiles ran: a page that does anything for seconds gives thousands of samples.
    expect(shared.samples).toBeGreaterThan(100);
    expect(received.samples).toBeGreaterThan(100);
    // 50 MiB verified on the page thread: ~400 samples; SHA-1 + SHA-256 of it when sharing: more.
    expect(received.wasmSamples).toBeLessThan(40);
    expect(shared.wasmSamples).toBeLessThan(150);
    await a.context().close();
    await b.context().close();
  });
});
