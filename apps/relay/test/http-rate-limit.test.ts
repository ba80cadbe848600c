/**
 * @module test/http-rate-limit.test — the per-IP limit on HTTP `/announce` and `/scrape`, over
 * real HTTP requests to a real relay (and through `app.request()` for other client addresses):
 * past the burst, a bencoded `failure reason` with BEP 31 `retry in`, counted in /metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayApp } from '../src/app.js';
import { type RelayHandle, startRelay } from '../src/relay.js';
import { createRelayState } from '../src/state.js';
import { type BDecoded, bdecode } from './bdecode.js';

const q = `info_hash=${'%ab'.repeat(20)}&peer_id=${'%01'.repeat(20)}&port=6881&left=0&compact=1`;
type Dict = Record<string, BDecoded>;
const decode = async (res: Response): Promise<Dict> => bdecode(new Uint8Array(await res.arrayBuffer())) as Dict;
const reason = (d: Dict): string | undefined => (d['failure reason'] instanceof Buffer ? d['failure reason'].toString() : undefined);

let relay: RelayHandle | null = null;
afterEach(async () => {
  await relay?.close();
  relay = null;
});

describe('HTTP tracker rate limit per IP', () => {
  it('answers past the burst with a failure reason and retry in, on /announce and /scrape alike', async () => {
    // One token per 1000 s: no refill during the test, however slow the machine.
    relay = await startRelay({ host: '127.0.0.1', port: 0, httpRate: 0.001, httpBurst: 5, webRoot: '/nonexistent' });
    const replies: Dict[] = [];
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${relay.url}/${i % 2 ? 'scrape' : 'announce'}?${q}`, { signal: AbortSignal.timeout(10_000) });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after') ?? retryAfter;
      replies.push(await decode(res));
    }
    expect(statuses.every((s) => s === 200)).toBe(true); // as trackers answer (BEP 3)
    const limited = replies.filter((r) => reason(r)?.startsWith('too many requests'));
    expect(limited.length).toBe(3);
    expect(replies.slice(0, 5).every((r) => reason(r) === undefined)).toBe(true);
    expect(replies[0]!.interval).toBe(120);
    expect(replies[1]!.files).toBeDefined();
    expect(limited[0]!['retry in']).toBe(17); // BEP 31: whole minutes until a request is allowed (1000 s)
    expect(Number(retryAfter)).toBeGreaterThan(900);
    const metrics = await (await fetch(`${relay.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    expect(metrics).toMatch(/seedling_relay_refused_total\{reason="rate_limited"\} 3/);
    // /health is not limited.
    expect((await fetch(`${relay.url}/health`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
  });

  it('limits each client address separately, and 0 turns the limit off', async () => {
    const app = createRelayApp({ state: createRelayState({ httpRate: 0.001, httpBurst: 2, webRoot: '/nonexistent' }) });
    const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
    const ask = async (ip: string) => reason(await decode(await app.request(`/announce?${q}`, {}, from(ip))));
    expect(await ask('10.0.0.1')).toBeUndefined();
    expect(await ask('10.0.0.1')).toBeUndefined();
    expect(await ask('10.0.0.1')).toMatch(/too many requests/);
    expect(await ask('10.0.0.2')).toBeUndefined();
    expect(await ask('::ffff:10.0.0.1')).toMatch(/too many requests/); // same IPv4 client
    const open = createRelayApp({ state: createRelayState({ httpRate: 0, webRoot: '/nonexistent' }) });
    for (let i = 0; i < 300; i++) {
      const r = await decode(await open.request(`/announce?${q}`, {}, from('10.0.0.1')));
      expect(reason(r)).toBeUndefined();
    }
  });
});
