/** @module tunnel/tunnel-limits.test — every relay limit refuses with its status, over real sockets on 127.0.0.1. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dialViaRelay, listenViaRelay, type SecureConnection, type TunnelWebSocketConstructor as WebSocketConstructor } from '../../../../packages/core/src/tunnel/index.js';
import { INFO_HASH, NodeWebSocket, hashAll, payload, sendAll, startTestRelay, until, within, wsFrom, type TestRelay } from './test-support.js';
import type { TunnelServerOptions } from './tunnel-server.js';

let relay: TestRelay | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await relay?.stop();
  relay = undefined;
});

async function start(options: TunnelServerOptions): Promise<TestRelay> {
  relay = await startTestRelay(options);
  return relay;
}

async function listen(r: TestRelay, peerId: string, WebSocket: WebSocketConstructor = NodeWebSocket, token?: string): Promise<SecureConnection[]> {
  const inbound: SecureConnection[] = [];
  const res = await listenViaRelay({ relay: r.url, WebSocket, infoHash: INFO_HASH, peerId, token, onConnection: (c) => inbound.push(c) });
  cleanups.push(() => res.close());
  return inbound;
}

function dial(r: TestRelay, remotePeerId: string, WebSocket: WebSocketConstructor = NodeWebSocket, token?: string): Promise<SecureConnection> {
  return dialViaRelay({ relay: r.url, WebSocket, infoHash: INFO_HASH, localPeerId: 'dialer', remotePeerId, token }).then((c) => {
    cleanups.push(() => c.close());
    return c;
  });
}

describe('tunnel limits', () => {
  it('bytes per circuit: the circuit ends with RESOURCE_LIMIT_EXCEEDED and no more than the cap is forwarded', async () => {
    let forwarded = 0;
    const cap = 4 * 1024 * 1024; // several of the (up to 1 MiB) messages fit under it
    const r = await start({ limits: { maxCircuitBytes: cap }, onForward: (c) => (forwarded += c.length) });
    const inbound = await listen(r, 'seeder');
    const conn = await dial(r, 'seeder');
    await until(() => inbound.length === 1, 5000, 'inbound');
    void sendAll((b) => conn.write(b), payload(2 * cap, 64 * 1024, randomBytes(32))).catch(() => undefined);
    await expect(within(hashAll(inbound[0]!.readable), 10_000, 'read')).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    await within(conn.closed, 10_000, 'dialer closed');
    await expect(conn.write(new Uint8Array(1))).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    expect(forwarded).toBeLessThanOrEqual(cap);
    expect(forwarded).toBeGreaterThan(cap / 2);
  });

  it('duration per circuit: an idle circuit is ended with RESOURCE_LIMIT_EXCEEDED', async () => {
    const r = await start({ limits: { maxCircuitDurationMs: 300 } });
    const inbound = await listen(r, 'seeder');
    const conn = await dial(r, 'seeder');
    await expect(within(hashAll(conn.readable), 10_000, 'read')).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    await until(() => inbound.length === 1, 5000, 'inbound');
    await expect(within(hashAll(inbound[0]!.readable), 10_000, 'read')).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
  });

  it('reservations per IP: the next one is refused, another IP is not, and a freed slot is reusable', async () => {
    const r = await start({ limits: { maxReservationsPerIp: 2 } });
    await listen(r, 'a');
    const res = await listenViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'b', onConnection: () => undefined });
    await expect(listen(r, 'c')).rejects.toMatchObject({ name: 'TunnelError', code: 'RESOURCE_LIMIT_EXCEEDED' });
    await listen(r, 'c', wsFrom('127.0.0.2'));
    res.close();
    await until(() => r.tunnel.stats().reservations === 2, 5000, 'reservation released');
    await listen(r, 'd');
    expect(r.tunnel.stats().refused.RESOURCE_LIMIT_EXCEEDED).toBe(1);
  });

  it('circuits per IP: the next dial from that IP is refused, a dial from another IP is not', async () => {
    const r = await start({ limits: { maxCircuitsPerIp: 1 } });
    await listen(r, 'seeder');
    await dial(r, 'seeder');
    await expect(dial(r, 'seeder')).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    await dial(r, 'seeder', wsFrom('127.0.0.2'));
    expect(r.tunnel.stats().circuitsOpen).toBe(2);
  });

  it('total circuits: a dial from a fresh IP is refused once the relay is full; closing one frees a slot', async () => {
    const r = await start({ limits: { maxCircuits: 1 } });
    await listen(r, 'seeder');
    const first = await dial(r, 'seeder');
    await expect(dial(r, 'seeder', wsFrom('127.0.0.3'))).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    first.close();
    await until(() => r.tunnel.stats().circuitsOpen === 0, 5000, 'circuit released');
    await dial(r, 'seeder', wsFrom('127.0.0.3'));
  });

  it('NO_RESERVATION for an unknown peer; RESERVATION_REFUSED for a peer id held by another IP', async () => {
    const r = await start({});
    await expect(dial(r, 'nobody')).rejects.toMatchObject({ code: 'NO_RESERVATION' });
    await listen(r, 'seeder');
    await expect(listen(r, 'seeder', wsFrom('127.0.0.2'))).rejects.toMatchObject({ code: 'RESERVATION_REFUSED' });
  });

  it('per-circuit rate: forwarded bytes never run ahead of burst + rate × elapsed (plus frames in flight)', async () => {
    const rate = 1024 * 1024;
    const burst = 128 * 1024;
    const frameSlack = 4 * (64 * 1024 + 1024);
    const samples: Array<{ t: number; total: number }> = [];
    let total = 0;
    const r = await start({
      // small frames (the client learns the limit from the OK status): in-flight slack stays small
      limits: { circuitRateBytesPerSec: rate, circuitBurstBytes: burst, maxFrameBytes: 64 * 1024 + 1024 },
      onForward: (c) => samples.push({ t: performance.now(), total: (total += c.length) }),
    });
    const inbound = await listen(r, 'seeder');
    const conn = await dial(r, 'seeder');
    await until(() => inbound.length === 1, 5000, 'inbound');
    const size = 2 * 1024 * 1024;
    const sent = sendAll((b) => conn.write(b), payload(size, 64 * 1024, randomBytes(32)));
    const got = await within(hashAll(inbound[0]!.readable, size), 30_000, 'rate-limited transfer');
    expect(got.sha256).toBe(await sent);
    const t0 = samples[0]!.t;
    for (const s of samples) expect(s.total).toBeLessThanOrEqual(burst + (rate * (s.t - t0)) / 1000 + frameSlack);
    expect(total).toBeGreaterThan(size);
  });
});

describe('reservation TTL', () => {
  it('a reservation whose socket stops answering pings expires; one that answers stays', async () => {
    const r = await start({ limits: { reservationTtlMs: 500 } });
    const { WebSocket } = await import('ws');
    const reserveRaw = async (peerId: string, autoPong: boolean) => {
      const ws = new WebSocket(`${r.url.replace('http', 'ws')}/tunnel`, { autoPong });
      cleanups.push(() => ws.terminate());
      await within(new Promise((resolve) => ws.once('open', resolve)), 5000, 'open');
      ws.send(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId }));
      await within(new Promise((resolve) => ws.once('message', resolve)), 5000, 'reserved');
      return ws;
    };
    const mute = await reserveRaw('mute', false);
    await reserveRaw('alive', true);
    expect(r.tunnel.stats().reservations).toBe(2);
    const closed = new Promise((resolve) => mute.once('close', resolve));
    await within(closed, 5000, 'mute reservation dropped');
    await until(() => r.tunnel.stats().reservations === 1, 5000, 'one reservation left');
    await expect(dial(r, 'mute')).rejects.toMatchObject({ code: 'NO_RESERVATION' });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // several TTLs: the answering one must survive
    expect(r.tunnel.stats().reservations).toBe(1);
  });
});

describe('tunnel backpressure', () => {
  it('a receiver that stops reading cannot make the relay queue more than its high-water mark', async () => {
    const highWaterBytes = 512 * 1024;
    let forwarded = 0;
    const r = await start({ limits: { highWaterBytes, maxCircuitBytes: 0, circuitRateBytesPerSec: 0, globalRateBytesPerSec: 0 }, onForward: (c) => (forwarded += c.length) });
    const base = `${r.url.replace('http', 'ws')}/tunnel`;
    const { WebSocket } = await import('ws');
    const open = async (): Promise<InstanceType<typeof WebSocket>> => {
      const ws = new WebSocket(base);
      await within(new Promise((resolve) => ws.once('open', resolve)), 5000, 'open');
      cleanups.push(() => ws.terminate());
      return ws;
    };
    const next = (ws: InstanceType<typeof WebSocket>) => within(new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString()))), 5000, 'message');
    const res = await open();
    res.send(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'slow' }));
    await next(res);
    const dialer = await open();
    const incoming = next(res);
    dialer.send(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId: 'slow', from: 'fast' }));
    const { circuitId } = JSON.parse(await incoming) as { circuitId: string };
    const listener = await open();
    listener.send(JSON.stringify({ v: 1, type: 'ACCEPT', circuitId }));
    await next(listener);
    let received = 0;
    listener.on('message', (d: Buffer) => (received += d.length));
    listener.pause(); // a peer that stops reading
    const total = 48 * 1024 * 1024;
    const frame = new Uint8Array(64 * 1024);
    for (let sent = 0; sent < total; sent += frame.length) dialer.send(frame);
    // wait until forwarding stalls, then check what the relay holds
    let last = -1;
    await until(() => {
      const stalled = forwarded === last && forwarded > 0;
      last = forwarded;
      return stalled;
    }, 20_000, 'forwarding stalls');
    expect(r.tunnel.stats().queuedBytes).toBeLessThanOrEqual(highWaterBytes + 64 * 1024);
    expect(forwarded).toBeLessThan(total);
    listener.resume();
    await until(() => received === total, 30_000, 'everything delivered after resuming');
  });
});
