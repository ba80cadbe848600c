/**
 * Tunnel quotas on a real `seedling-relay` process: reservations and circuits past their
 * per-IP quotas (`--tunnel-reservations-per-ip`, `--tunnel-circuits-per-ip`) are refused with
 * STATUS RESOURCE_LIMIT_EXCEEDED and close code 4002, malformed control messages with 4005, and
 * circuits inside the quota still reach the listener. The relay's in-process tests
 * (apps/relay/src/tunnel/tunnel-limits.test.ts) cover each limit in depth; this is the binary.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RELAY, killAll, start, waitUntil, withTimeout, type Proc } from '../e2e/helpers/processes.js';
import { sampleRss } from './helpers/rss.js';

let relay: Proc;
let base: string;
const sockets: WebSocket[] = [];
const HASH = 'ab'.repeat(20);

beforeAll(async () => {
  relay = start(process.execPath, [RELAY, '--port', '0', '--host', '127.0.0.1', '--tunnel-reservations-per-ip', '2', '--tunnel-circuits-per-ip', '3']);
  const line = await waitUntil(() => {
    if (relay.child.exitCode !== null) throw new Error(`relay exited: ${relay.stderr}`);
    return relay.events.find((e) => e.event === 'listening');
  }, 15_000, 'relay listening');
  base = `ws://127.0.0.1:${line.port as number}/tunnel`;
});

afterAll(async () => {
  for (const s of sockets) s.terminate();
  await killAll();
});

interface Ctl {
  ws: WebSocket;
  msgs: Record<string, unknown>[];
  closed: Promise<number>;
}

async function control(first: object | string): Promise<Ctl> {
  const ws = new WebSocket(base);
  sockets.push(ws);
  const msgs: Record<string, unknown>[] = [];
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  ws.on('message', (d, binary) => {
    if (!binary) msgs.push(JSON.parse(String(d)) as Record<string, unknown>);
  });
  await withTimeout(new Promise<void>((res, rej) => ws.once('open', () => res()).once('error', rej)), 10_000, 'tunnel socket open');
  ws.send(typeof first === 'string' ? first : JSON.stringify(first));
  return { ws, msgs, closed };
}

const statusOf = (c: Ctl): Promise<string> => waitUntil(() => c.msgs.find((m) => m.type === 'STATUS')?.status as string | undefined, 10_000, 'a STATUS');

it('reservations and circuits over quota, and malformed control messages, are refused with their status', async () => {
  const rss = sampleRss(relay.pid);

  // Reservations: 2 per IP; the third (another peer id) is refused.
  const listeners: Ctl[] = [];
  for (const peerId of ['listener-1', 'listener-2', 'listener-3']) listeners.push(await control({ v: 1, type: 'RESERVE', infoHash: HASH, peerId }));
  expect(await statusOf(listeners[0]!)).toBe('OK');
  expect(await statusOf(listeners[1]!)).toBe('OK');
  expect(await statusOf(listeners[2]!)).toBe('RESOURCE_LIMIT_EXCEEDED');
  expect(await withTimeout(listeners[2]!.closed, 10_000, 'close of the refused reservation')).toBe(4002);

  // Circuits: 3 per IP (pending ones count); dial listener-1 five times.
  const dialers: Ctl[] = [];
  for (let i = 0; i < 5; i++) dialers.push(await control({ v: 1, type: 'CONNECT', infoHash: HASH, peerId: 'listener-1', from: `dialer-${i}` }));
  await waitUntil(() => listeners[0]!.msgs.filter((m) => m.type === 'INCOMING').length >= 3, 10_000, 'three INCOMING on the reservation');
  const refused = await Promise.all(dialers.slice(3).map(statusOf));
  expect(refused).toEqual(['RESOURCE_LIMIT_EXCEEDED', 'RESOURCE_LIMIT_EXCEEDED']);
  expect(await Promise.all(dialers.slice(3).map((d) => withTimeout(d.closed, 10_000, 'refused dial close')))).toEqual([4002, 4002]);
  expect(listeners[0]!.msgs.filter((m) => m.type === 'INCOMING').length).toBe(3);

  // Malformed control messages: 4005.
  const junk = await control('{"v":1,"type":"RESERVE","infoHash":"../../etc","peerId":"x"}');
  expect(await statusOf(junk)).toBe('MALFORMED_MESSAGE');
  expect(await withTimeout(junk.closed, 10_000, 'close after a malformed message')).toBe(4005);
  const big = await control(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: HASH, peerId: 'p', pad: 'x'.repeat(4096) }));
  expect(await withTimeout(big.closed, 10_000, 'close after an oversized control message')).toBe(4005);

  // A circuit inside the quota still completes its handshake: listener-1 accepts dialer-0.
  const incoming = listeners[0]!.msgs.find((m) => m.type === 'INCOMING' && m.from === 'dialer-0')!;
  const accept = await control({ v: 1, type: 'ACCEPT', circuitId: incoming.circuitId });
  expect(await statusOf(accept)).toBe('OK');
  expect(await waitUntil(() => dialers[0]!.msgs.find((m) => m.type === 'STATUS')?.status as string | undefined, 10_000, 'dialer OK')).toBe('OK');

  const mem = rss.stop();
  console.log(`relay tunnel quotas: relay peak RSS ${mem.peakMb.toFixed(1)} MB`);
  expect(mem.peakMb).toBeLessThan(200);
});
