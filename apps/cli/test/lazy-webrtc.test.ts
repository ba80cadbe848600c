/**
 * @module test/lazy-webrtc — with TCP on (the default transports), `seed` and `get` offer WebRTC
 * only when the relay's tracker counts peers TCP did not connect (lib/offer-policy.ts): a swarm
 * of CLI peers on one host sends no offer at all, while a CLI peer still reaches a WebRTC-only
 * peer (as a browser tab is) in both directions. Real relay process, real CLI processes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../../tests/e2e/helpers/fixtures.js';
import { kill } from '../../../tests/e2e/helpers/processes.js';
import { downloadViaRelay, peerTransports, startRelaySeeder } from '../../../tests/e2e/helpers/relay-cli.js';
import { useSharedRelay } from '../../../tests/e2e/helpers/shared-relay.js';

const relay = useSharedRelay();

/** The relay's counter of WebRTC offers forwarded (Prometheus text from /metrics). */
async function offersRelayed(): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const m = /^seedling_relay_offers_relayed_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!m) throw new Error('offers_relayed_total missing from /metrics');
  return Number(m[1]);
}

const seeder = (args: string[]) => startRelaySeeder(relay.url, 4 * 1024 * 1024, args);
const download = (magnet: string, args: string[]) => downloadViaRelay(relay.url, magnet, args);

describe('WebRTC offers with TCP on', () => {
  it('a swarm of CLI peers that reach each other over TCP sends no offer', async () => {
    const before = await offersRelayed();
    const s = await seeder([]);
    const gets = await Promise.all([download(s.magnet, []), download(s.magnet, [])]);
    for (const g of gets) {
      expect(g.code, g.proc.stderr).toBe(0);
      expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
      expect(peerTransports(g.proc)).toEqual(new Set(['tcp']));
    }
    expect(await offersRelayed()).toBe(before);
    await kill(s.proc);
  });

  it('a downloader starts offering to reach a WebRTC-only seeder (tracker counts a peer TCP did not connect)', async () => {
    const s = await seeder(['--transport', 'webrtc']);
    const before = await offersRelayed();
    const g = await download(s.magnet, []);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(peerTransports(g.proc)).toEqual(new Set(['webrtc']));
    expect(await offersRelayed()).toBeGreaterThan(before);
    await kill(s.proc);
  });

  it('a seeder answers a WebRTC-only downloader, loading WebRTC on its first offer', async () => {
    const s = await seeder([]);
    const g = await download(s.magnet, ['--transport', 'webrtc']);
    expect(g.code, g.proc.stderr).toBe(0);
    expect(await sha256File(join(g.out, 'data.bin'))).toBe(s.sha);
    expect(peerTransports(s.proc)).toEqual(new Set(['webrtc']));
    await kill(s.proc);
  });
});
