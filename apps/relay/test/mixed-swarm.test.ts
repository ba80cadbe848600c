/**
 * @module test/mixed-swarm.test — HTTP- and WebSocket-announced peers of one info-hash are one
 * swarm: counts include both, each kind only gets peers it can reach, and a peer announcing
 * both ways is found by both. Real sockets against an in-process relay.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RelayHandle, startRelay } from '../src/relay.js';
import { bdecode, urlBytes } from './bdecode.js';
import { announce, fakeOffer, ProtoClient, randomId } from './proto-client.js';

let relay: RelayHandle;
const clients: ProtoClient[] = [];
beforeAll(async () => {
  relay = await startRelay({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await relay.close();
});
async function ws() {
  const c = await ProtoClient.open(`ws://127.0.0.1:${relay.port}/announce`);
  clients.push(c);
  return c;
}
async function http(ih: string, peerId: string, port: number, extra = '') {
  const res = await fetch(`${relay.url}/announce?info_hash=${urlBytes(ih)}&peer_id=${urlBytes(peerId)}&port=${port}&left=10&compact=1${extra}`, { signal: AbortSignal.timeout(5000) });
  return bdecode(new Uint8Array(await res.arrayBuffer())) as Record<string, unknown>;
}

it('one registry for HTTP and WebSocket peers, each kind getting only reachable peers', async () => {
  const ih = randomId();
  const a = await ws();
  a.send(announce(ih, randomId()));
  expect((await a.next((m) => m.complete !== undefined)).incomplete).toBe(1);

  // An HTTP peer counts the WebSocket peer but is not given it (no TCP address to dial).
  const h = await http(ih, randomId(), 6881);
  expect(h.incomplete).toBe(2);
  expect((h.peers as Buffer).length).toBe(0);

  // A WebSocket offerer counts the HTTP peer, but its offers go only to WebSocket peers.
  const c = await ws();
  c.send(announce(ih, randomId(), { offers: [1, 2, 3].map((i) => ({ offer: fakeOffer(`c${i}`), offer_id: randomId() })) }));
  expect((await c.next((m) => m.complete !== undefined)).incomplete).toBe(3);
  await a.next((m) => m.offer !== undefined);
  expect(relay.state.metrics.offersRelayed.value).toBe(1);

  // A peer that announces both ways is one record, found by both kinds.
  const both = randomId();
  const d = await ws();
  d.send(announce(ih, both));
  await d.next((m) => m.complete !== undefined);
  const hd = await http(ih, both, 7000);
  expect(hd.incomplete).toBe(4);
  const seen = await http(ih, randomId(), 6999);
  const peers = seen.peers as Buffer;
  const ports = new Set<number>();
  for (let o = 0; o < peers.length; o += 6) ports.add(peers.readUInt16BE(o + 4));
  expect(ports).toEqual(new Set([6881, 7000]));
  const e = await ws();
  e.send(announce(ih, randomId(), { offers: [1, 2, 3, 4].map((i) => ({ offer: fakeOffer(`e${i}`), offer_id: randomId() })) }));
  await d.next((m) => m.offer !== undefined);

  // Closing its socket keeps the TCP part of the dual peer.
  d.close();
  for (let i = 0; i < 100 && relay.state.registry.get(ih)?.ws.length !== 3; i++) await new Promise((r) => setTimeout(r, 20));
  const again = await http(ih, randomId(), 6998);
  const p2 = again.peers as Buffer;
  const ports2 = new Set<number>();
  for (let o = 0; o < p2.length; o += 6) ports2.add(p2.readUInt16BE(o + 4));
  expect(ports2.has(7000)).toBe(true);
});
