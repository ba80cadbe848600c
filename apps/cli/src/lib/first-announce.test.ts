/** @module lib/first-announce.test — `seed`'s readiness waits for real HTTP trackers' first answers, bounded in time. */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTrackerDiscovery, type AnnounceParams } from '@seedling/core';
import { observeFirstAnnounce } from './first-announce.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((res) => s.close(() => res()));
  }
});

/** A real HTTP tracker on 127.0.0.1 answering after `delayMs` (never, when null). */
async function tracker(delayMs: number | null): Promise<string> {
  const s = createServer((_req, res) => {
    if (delayMs !== null) setTimeout(() => res.end('d8:intervali60e5:peers0:e'), delayMs);
  });
  servers.push(s);
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}/announce`;
}

const params: AnnounceParams = { infoHash: new Uint8Array(20), peerId: new Uint8Array(20).fill(65), port: 6881, uploaded: 0, downloaded: 0, left: 0, event: 'started' };

describe('observeFirstAnnounce', () => {
  it('settles only after every tracker answered or failed, and counts both', async () => {
    const { sources, settled } = observeFirstAnnounce([httpTrackerDiscovery(await tracker(300)), httpTrackerDiscovery('http://127.0.0.1:9/announce')], 10_000);
    let done = false;
    void settled.then(() => (done = true));
    const ctrl = new AbortController();
    const calls = sources.map((d) => d.announce(params, ctrl.signal).catch(() => null));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false); // the slow tracker has not answered yet
    await Promise.all(calls);
    expect(await settled).toEqual({ announced: 1, failed: 1 });
  });

  it('gives up on a tracker that never answers after the timeout; no trackers means ready at once', async () => {
    const ctrl = new AbortController();
    const { sources, settled } = observeFirstAnnounce([httpTrackerDiscovery(await tracker(null))], 300);
    void sources[0]!.announce(params, ctrl.signal).catch(() => null);
    expect(await settled).toEqual({ announced: 0, failed: 1 });
    ctrl.abort();
    expect(await observeFirstAnnounce([], 300).settled).toEqual({ announced: 0, failed: 0 });
  });

  it('passes answers through and reports only the first announce', async () => {
    const { sources, settled } = observeFirstAnnounce([httpTrackerDiscovery(await tracker(0))], 10_000);
    const ctrl = new AbortController();
    expect((await sources[0]!.announce(params, ctrl.signal)).interval).toBe(60);
    expect((await sources[0]!.announce({ ...params, event: undefined }, ctrl.signal)).peers).toEqual([]);
    expect(await settled).toEqual({ announced: 1, failed: 0 });
  });
});
