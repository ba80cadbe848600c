/**
 * @module test/limits.test — hostile input over real sockets: the relay answers with a failure
 * reason or closes the offending socket, keeps its memory bounded, and keeps serving others.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayConfig } from '../src/config.js';
import { type RelayHandle, startRelay } from '../src/relay.js';
import { announce, fakeOffer, ProtoClient, randomId } from './proto-client.js';

let relay: RelayHandle | null = null;
const clients: ProtoClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await relay?.close();
  relay = null;
});

async function start(cfg: Partial<RelayConfig>) {
  relay = await startRelay({ host: '127.0.0.1', port: 0, ...cfg });
  return `ws://127.0.0.1:${relay.port}/announce`;
}
async function open(url: string) {
  const c = await ProtoClient.open(url);
  clients.push(c);
  return c;
}
/** Another client still gets offers relayed: the relay is healthy. */
async function assertStillServes(url: string) {
  const a = await open(url);
  const b = await open(url);
  const ih = randomId();
  a.send(announce(ih, randomId()));
  await a.next((m) => m.complete !== undefined);
  const offerId = randomId();
  b.send(announce(ih, randomId(), { offers: [{ offer: fakeOffer('x'), offer_id: offerId }] }));
  expect((await a.next((m) => m.offer !== undefined)).offer_id).toBe(offerId);
}

describe('relay limits', () => {
  it('closes a socket that sends an oversized frame (1009) and serves others', async () => {
    const url = await start({ maxPayload: 4096 });
    const bad = await open(url);
    bad.send(announce(randomId(), randomId(), { offers: [{ offer: { sdp: 'x'.repeat(10_000) }, offer_id: randomId() }] }));
    expect(await bad.waitClosed()).toBe(1009);
    await assertStillServes(url);
    expect(relay!.state.metrics.registry.render()).toMatch(/seedling_relay_refused_total\{reason="oversized"\} 1/);
  });

  it('rate-limits a flood: one failure reason, then closes the socket (1008)', async () => {
    const url = await start({ msgRate: 5, msgBurst: 10 });
    const bad = await open(url);
    const ih = randomId();
    const pid = randomId();
    for (let i = 0; i < 300; i++) bad.send(announce(ih, pid));
    expect(await bad.waitClosed()).toBe(1008);
    const failures = bad.messages.filter((m) => m['failure reason'] === 'rate limit exceeded');
    expect(failures.length).toBe(1);
    expect(bad.messages.filter((m) => m.complete !== undefined).length).toBe(10);
    await assertStillServes(url);
  });

  it('refuses swarms past the per-socket limit for 100,000 info-hashes from one socket', async () => {
    const url = await start({ maxSwarmsPerSocket: 50, msgRate: 1_000_000, msgBurst: 1_000_000 });
    const bad = await open(url);
    const pid = randomId();
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const ih = Buffer.alloc(20);
      ih.writeUInt32BE(i);
      bad.send(announce(ih.toString('latin1'), pid));
    }
    const deadline = Date.now() + 60_000;
    while (bad.messages.length < N && Date.now() < deadline && !bad.closed) await new Promise((r) => setTimeout(r, 100));
    expect(bad.messages.length).toBe(N);
    expect(bad.messages.filter((m) => m.complete !== undefined).length).toBe(50);
    expect(bad.messages.filter((m) => /too many swarms/.test(String(m['failure reason']))).length).toBe(N - 50);
    expect(relay!.state.registry.swarms.size).toBe(50);
    expect(relay!.state.registry.peerCount).toBe(50);
    await assertStillServes(url);
    bad.close();
    for (let i = 0; i < 100 && relay!.state.registry.peerCount > 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(relay!.state.registry.swarms.size).toBe(1);
  });

  it('answers hostile message shapes with a failure reason', async () => {
    const url = await start({});
    const c = await open(url);
    const ih = randomId();
    const cases: unknown[] = [
      '[]',
      '42',
      'null',
      { action: 'nope' },
      { action: 'announce', info_hash: 'é'.repeat(19) + 'ĀĀ', peer_id: randomId() },
      announce(ih, randomId(), { event: 'explode' }),
      announce(ih, randomId(), { offers: 'lots' }),
      announce(ih, randomId(), { offers: [{ offer: fakeOffer('a'), offer_id: 'short' }] }),
      announce(ih, randomId(), { answer: { sdp: 'x' }, offer_id: randomId() }),
      { action: 'scrape' },
      { action: 'scrape', info_hash: Array.from({ length: 101 }, randomId) },
    ];
    for (const m of cases) {
      c.send(m);
      const res = await c.next((x) => x['failure reason'] !== undefined);
      expect(typeof res['failure reason']).toBe('string');
    }
    await assertStillServes(url);
  });

  it('logs refusals as one JSON summary line per sweep', async () => {
    const lines: Record<string, unknown>[] = [];
    relay = await startRelay({ host: '127.0.0.1', port: 0 }, { sweepIntervalMs: 100, log: (event, fields) => lines.push({ event, ...fields }) });
    const c = await open(`ws://127.0.0.1:${relay.port}/announce`);
    for (let i = 0; i < 5; i++) c.send('{bad');
    for (let i = 0; i < 5; i++) await c.next((m) => m['failure reason'] !== undefined);
    for (let i = 0; i < 50 && !lines.some((l) => l.event === 'refused'); i++) await new Promise((r) => setTimeout(r, 20));
    const refused = lines.filter((l) => l.event === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 'warn', counts: { bad_message: 5 } });
  });

  it('refuses connections past maxConnections with 503', async () => {
    const url = await start({ maxConnections: 2 });
    await open(url);
    await open(url);
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('third connection was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(503);
  });

  it('refuses connections past maxConnectionsPerIp with 503 and frees the slot on close', async () => {
    const url = await start({ maxConnectionsPerIp: 1 });
    const first = await open(url);
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('second connection from one IP was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(503);
    first.close();
    for (let i = 0; i < 100 && relay!.tracker.sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await open(url);
  });

  it('closes sockets that join no swarm within the idle timeout, keeps the others', async () => {
    relay = await startRelay({ host: '127.0.0.1', port: 0, idleTimeout: 1 }, { pingIntervalMs: 200 });
    const url = `ws://127.0.0.1:${relay.port}/announce`;
    const idle = await open(url);
    const busy = await open(url);
    busy.send(announce(randomId(), randomId()));
    await busy.next((m) => m.complete !== undefined);
    expect(await idle.waitClosed(5000)).toBe(1000);
    await new Promise((r) => setTimeout(r, 500));
    expect(busy.closed).toBe(false);
  });

  it('requires the access token on WebSocket upgrades when configured', async () => {
    const url = await start({ token: 'tok' });
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
    const ok = await open(`${url}?token=tok`);
    ok.send(announce(randomId(), randomId()));
    expect((await ok.next()).complete).toBe(0);
  });

  it('drops a peer from its swarm on `stopped` and refuses a peer_id held by another socket', async () => {
    const url = await start({});
    const a = await open(url);
    const b = await open(url);
    const ih = randomId();
    const pid = randomId();
    a.send(announce(ih, pid));
    await a.next((m) => m.complete !== undefined);
    b.send(announce(ih, pid));
    expect(String((await b.next())['failure reason'])).toMatch(/in use/);
    a.send(announce(ih, pid, { event: 'stopped' }));
    expect((await a.next()).incomplete).toBe(0);
    expect(relay!.state.registry.peerCount).toBe(0);
  });
});
