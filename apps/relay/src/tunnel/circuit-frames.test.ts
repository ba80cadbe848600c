/**
 * @module tunnel/circuit-frames.test — the relay forwards a circuit's frames read straight off
 * the socket: fragmented messages, control frames in between, oversized messages and the close
 * handshake behave as with `ws` reading them, over real sockets.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeWsFrameHeader } from '@seedling/core/node';
import { INFO_HASH, startTestRelay, within, type TestRelay } from './test-support.js';

let relay: TestRelay | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await relay?.stop();
  relay = undefined;
});

const open = async (url: string): Promise<WebSocket> => {
  const ws = new WebSocket(url);
  sockets.push(ws);
  await within(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)), 5000, 'open');
  return ws;
};
const nextText = (ws: WebSocket): Promise<Record<string, unknown>> =>
  within(new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString())))), 5000, 'message');
const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once('close', (code) => resolve(code)));

/** A raw circuit: [dialer, listener] sockets after both got OK (`oks`: their OK messages). */
async function circuit(r: TestRelay, ask: { dialer?: boolean; listener?: boolean } = {}, oks: Record<string, unknown>[] = []): Promise<[WebSocket, WebSocket]> {
  const url = `${r.url.replace('http', 'ws')}/tunnel`;
  const res = await open(url);
  res.send(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: INFO_HASH, peerId: 'l' }));
  expect((await nextText(res)).status).toBe('OK');
  const dialer = await open(url);
  const incoming = nextText(res);
  dialer.send(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: INFO_HASH, peerId: 'l', from: 'd', ...(ask.dialer ? { unmasked: true } : {}) }));
  const listener = await open(url);
  const dialerOk = nextText(dialer);
  listener.send(JSON.stringify({ v: 1, type: 'ACCEPT', circuitId: (await incoming).circuitId, ...(ask.listener ? { unmasked: true } : {}) }));
  const listenerOk = await nextText(listener);
  expect(listenerOk.status).toBe('OK');
  expect((await dialerOk).status).toBe('OK');
  oks.push(await dialerOk, listenerOk);
  return [dialer, listener];
}

describe('circuit frame forwarding', () => {
  it('carries fragmented messages whole, answers pings in between, and relays a normal close after the data', async () => {
    relay = await startTestRelay();
    const [dialer, listener] = await circuit(relay);
    const got: Buffer[] = [];
    listener.on('message', (d: Buffer) => got.push(d));
    const listenerClosed = closed(listener);
    const pong = within(new Promise((resolve) => dialer.once('pong', resolve)), 5000, 'pong');
    const a = randomBytes(100_000);
    const b = randomBytes(3);
    const c = randomBytes(700_000);
    dialer.send(a, { fin: false });
    dialer.ping('p');
    dialer.send(b, { fin: true });
    dialer.send(c);
    await pong;
    dialer.close(1000, 'done');
    expect(await within(listenerClosed, 5000, 'listener closed')).toBe(1000);
    expect(got.map((m) => m.length)).toEqual([100_003, 700_000]);
    expect(Buffer.concat(got).equals(Buffer.concat([a, b, c]))).toBe(true);
    expect(relay.tunnel.stats().bytesRelayed).toBe(800_003);
  });

  it('a message over the frame limit closes its sender (1009) and fails the other side (4006)', async () => {
    relay = await startTestRelay({ limits: { maxFrameBytes: 128 * 1024 } });
    const [dialer, listener] = await circuit(relay);
    const [dc, lc] = [closed(dialer), closed(listener)];
    dialer.send(randomBytes(100 * 1024), { fin: false });
    dialer.send(randomBytes(100 * 1024), { fin: true }); // 200 KiB in one message: over
    expect(await within(dc, 5000, 'dialer closed')).toBe(1009);
    expect(await within(lc, 5000, 'listener closed')).toBe(4006);
  });

  it('a frame that would cross the byte cap is not forwarded, and both sides get RESOURCE_LIMIT_EXCEEDED (4002)', async () => {
    relay = await startTestRelay({ limits: { maxCircuitBytes: 64 * 1024 } });
    const [dialer, listener] = await circuit(relay);
    const [dc, lc] = [closed(dialer), closed(listener)];
    listener.on('message', () => undefined);
    for (let i = 0; i < 4; i++) dialer.send(randomBytes(40 * 1024)); // the second frame crosses the cap
    expect(await within(dc, 5000, 'dialer closed')).toBe(4002);
    expect(await within(lc, 5000, 'listener closed')).toBe(4002);
    expect(relay.tunnel.stats().bytesRelayed).toBe(40 * 1024);
  });

  it('a side that asks for unmasked data frames is told so in its OK and they are forwarded; a side that did not ask is closed (1002) for one', async () => {
    relay = await startTestRelay();
    const oks: Record<string, unknown>[] = [];
    const [dialer, listener] = await circuit(relay, { dialer: true }, oks);
    expect(oks[0]!.unmasked).toBe(true);
    expect(oks[1]!.unmasked).toBeUndefined(); // the listener did not ask
    const raw = (ws: WebSocket): import('node:net').Socket => (ws as unknown as { _socket: import('node:net').Socket })._socket;
    const got: Buffer[] = [];
    listener.on('message', (d: Buffer) => got.push(d));
    const a = randomBytes(300_000);
    const b = randomBytes(5);
    raw(dialer).write(Buffer.concat([encodeWsFrameHeader(true, 2, a.length), a])); // unmasked, as a Node wire sends them
    dialer.send(b); // masked (ws): still taken
    await within(
      (async () => {
        while (got.length < 2) await new Promise((r) => setTimeout(r, 10));
      })(),
      5000,
      'forwarded',
    );
    expect(got.map((m) => m.length)).toEqual([300_000, 5]);
    expect(Buffer.concat(got).equals(Buffer.concat([a, b]))).toBe(true);
    // The listener did not ask: ws reads its stream from the first unmasked frame and fails it.
    const [dc, lc] = [closed(dialer), closed(listener)];
    raw(listener).write(Buffer.concat([encodeWsFrameHeader(true, 2, 3), Buffer.from('abc')]));
    expect(await within(lc, 5000, 'listener closed')).toBe(1002);
    expect(await within(dc, 5000, 'dialer closed')).toBe(4006);
    expect(relay.tunnel.stats().bytesRelayed).toBe(300_005);
  });
});
