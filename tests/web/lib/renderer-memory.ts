/**
 * @module tests/web/lib/renderer-memory — samples the RSS of Chromium's renderer processes from
 * outside the page: their PIDs from CDP `SystemInfo.getProcessInfo`, their VmRSS from /proc.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts sampling every `ms`; `stop()` resolves to the largest renderer RSS seen (bytes) and
 * `trace`, the largest renderer RSS of each sample in order (where in a transfer the peak falls:
 * a steady climb is retained memory, spikes between GCs are garbage).
 */
export async function sampleRendererRss(browser: Browser, ms = 250): Promise<{ peek(): Record<number, number>; stop(): Promise<{ maxRss: number; samples: number; perPid: Record<number, number>; trace: number[] }> }> {
  const cdp = await browser.newBrowserCDPSession();
  let maxRss = 0;
  let samples = 0;
  const perPid: Record<number, number> = {};
  const trace: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      let top = 0;
      for (const p of info.processInfo) {
        if (p.type !== 'renderer') continue;
        const rss = rssBytes(p.id);
        perPid[p.id] = Math.max(perPid[p.id] ?? 0, rss);
        top = Math.max(top, rss);
      }
      maxRss = Math.max(maxRss, top);
      trace.push(top);
      samples++;
      await new Promise((r) => setTimeout(r, ms));
    }
  })();
  return {
    peek: () => ({ ...perPid }),
    async stop() {
      running = false;
      await loop;
      await cdp.detach();
      return { maxRss, samples, perPid, trace };
    },
  };
}

/** The current RSS (bytes) of every renderer process, by PID (one reading, for before/after comparisons). */
export async function currentRendererRss(browser: Browser): Promise<Record<number, number>> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return Object.fromEntries(info.processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, rssBytes(p.id)]));
  } finally {
    await cdp.detach();
  }
}
