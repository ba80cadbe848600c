/** @module tunnel/tunnel-protocol.test — malformed control messages, access tokens, and misuse of sockets, over real sockets. */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { dialViaRelay, listenViaRelay, type SecureConnection } from '../../../../packages/core/src/tunnel/index.js';
import { INFO_HASH, NodeWebSocket, rawExchange, startTestRelay, until, within, type TestRelay } from './test-support.js';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

async function roundTrip(r: TestRelay, token?: string): Promise<void> {
  const inbound: SecureConnection[] = [];
  const res = await listenViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'seeder', token, onConnection: (c) => inbound.push(c) });
  const conn = await dialViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'leecher', remotePeerId: 'seeder', token });
  await conn.write(new TextEncoder().encode('hello through the relay'));
  await until(() => inbound.length === 1, 5000, 'inbound');
  const first = await within(inbound[0]!.readable[Symbol.asyncIterator]().next(), 5000, 'read');
  expect(new TextDecoder().decode(first.value)).toBe('hello through the relay');
  conn.close();
  res.close();
}

describe('tunnel control protocol', () => {
  const bad: Array<[string, string | Uint8Array]> = [
    ['not JSON', 'hello'],
    ['a binary first frame', new Uint8Array([1, 2, 3])],
    ['a wrong version', JSON.stringify({ v: 2, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'x' })],
    ['an unknown type', JSON.stringify({ v: 1, type: 'HACK' })],
    ['a bad info-hash', JSON.stringify({ v: 1, type: 'RESERVE', infoHash: 'zz', peerId: 'x' })],
    ['a bad peer id', JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId: 'a b', from: 'y' })],
    ['a bad circuit id', JSON.stringify({ v: 1, type: 'ACCEPT', circuitId: '../etc' })],
    ['an oversized message', JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'x', pad: 'x'.repeat(4000) })],
    ['a JSON array', '[1,2]'],
  ];
  for (const [what, frame] of bad) {
    it(`answers ${what} with MALFORMED_MESSAGE and keeps serving others`, async () => {
      relay = await startTestRelay();
      const { replies, code } = await rawExchange(relay.url, [frame]);
      expect(JSON.parse(replies[0]!)).toMatchObject({ v: 1, type: 'STATUS', status: 'MALFORMED_MESSAGE' });
      expect(code).toBe(4005);
      await roundTrip(relay);
    });
  }

  it('a second message on a reservation socket is MALFORMED_MESSAGE', async () => {
    relay = await startTestRelay();
    const reserve = JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'x' });
    const { replies, code } = await rawExchange(relay.url, [reserve, reserve]);
    expect(replies.map((r) => JSON.parse(r).status)).toEqual(['OK', 'MALFORMED_MESSAGE']);
    expect(code).toBe(4005);
    await until(() => relay!.tunnel.stats().reservations === 0, 5000, 'reservation dropped');
  });

  it('a text frame inside an open circuit ends it with MALFORMED_MESSAGE on both sides', async () => {
    relay = await startTestRelay();
    const inbound: SecureConnection[] = [];
    const res = await listenViaRelay({ relay: relay.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'seeder', onConnection: (c) => inbound.push(c) });
    const raw = new WebSocket(`${relay.url.replace('http', 'ws')}/tunnel`);
    const closed = new Promise<number>((resolve) => raw.once('close', (c) => resolve(c)));
    let ok: { limits?: Record<string, number> } | undefined;
    raw.on('message', (d, isBinary) => {
      if (isBinary || JSON.parse(d.toString()).status !== 'OK') return;
      ok = JSON.parse(d.toString());
      raw.send('{"now":"text"}');
    });
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId: 'seeder', from: 'raw' }));
    expect(await within(closed, 5000, 'raw closed')).toBe(4005);
    // the OK tells clients how large a message may be, so they can coalesce records up to it
    expect(ok?.limits).toMatchObject({ maxFrameBytes: relay.tunnel.limits.maxFrameBytes, maxBytes: relay.tunnel.limits.maxCircuitBytes });
    expect(relay.tunnel.limits.maxFrameBytes).toBe(1024 * 1024 + 1024);
    res.close();
    expect(inbound).toHaveLength(0); // the listener's handshake saw the circuit die
    await roundTrip(relay);
  });

  it('a socket that never sends a request is closed after the handshake timeout', async () => {
    relay = await startTestRelay({ limits: { handshakeTimeoutMs: 200 } });
    const { replies, code } = await rawExchange(relay.url, []);
    expect(JSON.parse(replies[0]!).status).toBe('CONNECTION_FAILED');
    expect(code).toBe(4006);
  });

  it('connections per IP are capped', async () => {
    relay = await startTestRelay({ limits: { maxConnectionsPerIp: 1, handshakeTimeoutMs: 2000 } });
    const first = new WebSocket(`${relay.url.replace('http', 'ws')}/tunnel`);
    await new Promise((resolve) => first.once('open', resolve));
    const { replies, code } = await rawExchange(relay.url, []);
    expect(JSON.parse(replies[0]!).status).toBe('RESOURCE_LIMIT_EXCEEDED');
    expect(code).toBe(4002);
    first.close();
  });

  it('a private relay refuses a missing or wrong token with PERMISSION_DENIED and accepts the right one', async () => {
    relay = await startTestRelay({ token: 'correct horse' });
    const r = relay;
    const reserve = (token?: string) =>
      listenViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'p', token, onConnection: () => undefined });
    await expect(reserve()).rejects.toMatchObject({ name: 'TunnelError', code: 'PERMISSION_DENIED' });
    await expect(reserve('wrong horse')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      dialViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'a', remotePeerId: 'p', token: 'correct hors' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(r.tunnel.stats().refused.PERMISSION_DENIED).toBe(3);
    await roundTrip(r, 'correct horse');
  });

  describe('a listener that never accepts', () => {
    async function silentReservation(r: TestRelay): Promise<WebSocket> {
      const raw = new WebSocket(`${r.url.replace('http', 'ws')}/tunnel`);
      await new Promise((resolve) => raw.once('open', resolve));
      raw.send(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'silent' }));
      await new Promise((resolve) => raw.once('message', resolve));
      return raw; // ignores INCOMING
    }
    const dialSilent = (r: TestRelay, extra: { signal?: AbortSignal; timeoutMs?: number } = {}) =>
      dialViaRelay({ relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'd', remotePeerId: 'silent', ...extra });

    it('the relay gives up with CONNECTION_FAILED after its accept timeout', async () => {
      relay = await startTestRelay({ limits: { handshakeTimeoutMs: 200 } });
      const raw = await silentReservation(relay);
      await expect(dialSilent(relay)).rejects.toMatchObject({ name: 'TunnelError', code: 'CONNECTION_FAILED' });
      expect(relay.tunnel.stats().circuitsPending).toBe(0);
      raw.close();
    });

    it('an AbortSignal cancels the dial with ABORTED and frees the pending circuit', async () => {
      relay = await startTestRelay();
      const raw = await silentReservation(relay);
      const ac = new AbortController();
      const dialing = dialSilent(relay, { signal: ac.signal });
      await until(() => relay!.tunnel.stats().circuitsPending === 1, 5000, 'pending');
      ac.abort();
      await expect(dialing).rejects.toMatchObject({ code: 'ABORTED' });
      await until(() => relay!.tunnel.stats().circuitsPending === 0, 5000, 'pending released');
      await expect(dialSilent(relay, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
      raw.close();
    });

    it('the client times out with TIMEOUT', async () => {
      relay = await startTestRelay();
      const raw = await silentReservation(relay);
      await expect(dialSilent(relay, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      raw.close();
    });
  });

  it('a dial to a relay that is not there is CONNECTION_FAILED', async () => {
    relay = await startTestRelay();
    const url = relay.url;
    await relay.stop();
    relay = undefined;
    await expect(
      dialViaRelay({ relay: url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'd', remotePeerId: 'x', timeoutMs: 5000 }),
    ).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('bad ids are refused locally with MALFORMED_MESSAGE', async () => {
    await expect(
      dialViaRelay({ relay: 'http://127.0.0.1:9', WebSocket: NodeWebSocket, infoHash: 'nothex', localPeerId: 'd', remotePeerId: 'x' }),
    ).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });

  it('a listener sets up at most maxPendingAccepts circuits at once; extra INCOMING notices are refused', async () => {
    relay = await startTestRelay();
    const r = relay;
    const errors: string[] = [];
    const res = await listenViaRelay({
      relay: r.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'seeder', maxPendingAccepts: 2,
      onConnection: () => undefined, onError: (e) => errors.push(e.code),
    });
    const raws: WebSocket[] = [];
    for (let i = 0; i < 4; i++) {
      // dialers that get their circuit but never send HELLO: the listener's accepts stay pending
      const raw = new WebSocket(`${r.url.replace('http', 'ws')}/tunnel`);
      raws.push(raw);
      await new Promise((resolve) => raw.once('open', resolve));
      raw.send(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId: 'seeder', from: `raw${i}` }));
    }
    await until(() => errors.length === 2 && r.tunnel.stats().circuitsOpen === 2, 5000, 'two accepted, two refused');
    expect(errors).toEqual(['RESOURCE_LIMIT_EXCEEDED', 'RESOURCE_LIMIT_EXCEEDED']);
    for (const raw of raws) raw.terminate();
    res.close();
  });
});
