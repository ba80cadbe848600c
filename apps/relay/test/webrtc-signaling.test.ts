/**
 * @module test/webrtc-signaling.test — two peers find each other through the relay's WebSocket
 * tracker and open a real WebRTC data channel (@roamhq/wrtc, the CLI's default, loopback candidates only), using core's
 * WebRtcTrackerSignaling with the webrtc module's offer/answer factories. Bytes then flow both ways.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadNodeRTCPeerConnection } from '../../../packages/core/src/adapters/node/webrtc-node.js';
import { type WebSocketConstructor, WebRtcTrackerSignaling, WsTrackerClient } from '../../../packages/core/src/tracker/index.js';
import type { Connection } from '../../../packages/core/src/transport/transport.js';
import { acceptWebRtcOffer, createWebRtcOffer, isLoopbackCandidate, type RtcPeerConnectionConstructor } from '../../../packages/core/src/webrtc/index.js';
import { type RelayHandle, startRelay } from '../src/relay.js';

let relay: RelayHandle;
let PC: RtcPeerConnectionConstructor;
const conns: Connection[] = [];
const stops: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  relay = await startRelay({ host: '127.0.0.1', port: 0 });
  PC = await loadNodeRTCPeerConnection({ library: '@roamhq/wrtc' });
});
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  for (const c of conns) c.close();
  await Promise.all(conns.map((c) => c.closed.catch(() => {})));
  await relay.close();
});

function peer(infoHash: Uint8Array, left: number) {
  const peerId = new Uint8Array(randomBytes(20));
  const client = new WsTrackerClient({ url: `ws://127.0.0.1:${relay.port}/announce`, peerId, WebSocket: WebSocket as unknown as WebSocketConstructor });
  const got: { conn: Connection; from: Uint8Array }[] = [];
  const errors: Error[] = [];
  const signaling = new WebRtcTrackerSignaling({
    client,
    infoHash,
    offersPerAnnounce: 2,
    stats: () => ({ uploaded: 0, downloaded: 0, left }),
    createOffer: (signal) => createWebRtcOffer({ RTCPeerConnection: PC, signal, localCandidateFilter: isLoopbackCandidate }),
    acceptOffer: (offerSdp, signal) => acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp, signal, localCandidateFilter: isLoopbackCandidate }),
    onConnection: (conn, from) => {
      conns.push(conn);
      got.push({ conn, from });
    },
    onError: (e) => errors.push(e),
  });
  stops.push(() => client.close(), () => signaling.stop());
  return { peerId, signaling, got, errors };
}

async function readExactly(conn: Connection, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  for await (const chunk of conn.readable) {
    parts.push(Buffer.from(chunk));
    len += chunk.length;
    if (len >= n) break;
  }
  return Buffer.concat(parts);
}

it('two peers meet through the relay and exchange bytes over a WebRTC data channel', async () => {
  const infoHash = new Uint8Array(randomBytes(20));
  const seeder = peer(infoHash, 0);
  const leecher = peer(infoHash, 100);
  await seeder.signaling.start();
  await leecher.signaling.start();
  const deadline = Date.now() + 30_000;
  while ((seeder.got.length === 0 || leecher.got.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const why = `errors: ${[...seeder.errors, ...leecher.errors].map((e) => `${e} <- ${String((e as { cause?: unknown }).cause)}`).join('; ')}`;
  expect(seeder.got.length, why).toBeGreaterThan(0);
  expect(leecher.got.length, why).toBeGreaterThan(0);
  expect(Buffer.from(seeder.got[0]!.from).equals(Buffer.from(leecher.peerId))).toBe(true);
  expect(Buffer.from(leecher.got[0]!.from).equals(Buffer.from(seeder.peerId))).toBe(true);
  expect(relay.state.metrics.answersRelayed.value).toBeGreaterThan(0);

  const hello = randomBytes(1000);
  const back = randomBytes(500);
  const a = seeder.got[0]!.conn;
  const b = leecher.got[0]!.conn;
  const [atB, atA] = await Promise.all([readExactly(b, hello.length), readExactly(a, back.length), a.write(hello), b.write(back)]);
  expect(atB.equals(hello)).toBe(true);
  expect(atA.equals(back)).toBe(true);
}, 60_000);

it('caps pending offers and cancels the unanswered ones after the TTL', async () => {
  const client = new WsTrackerClient({ url: `ws://127.0.0.1:${relay.port}/announce`, peerId: new Uint8Array(randomBytes(20)), WebSocket: WebSocket as unknown as WebSocketConstructor });
  let created = 0;
  let cancelled = 0;
  const signaling = new WebRtcTrackerSignaling({
    client,
    infoHash: new Uint8Array(randomBytes(20)),
    offersPerAnnounce: 5,
    maxPendingOffers: 3,
    offerTtlMs: 300,
    stats: () => ({ uploaded: 0, downloaded: 0, left: 1 }),
    createOffer: async (signal) => {
      const offer = await createWebRtcOffer({ RTCPeerConnection: PC, signal, localCandidateFilter: isLoopbackCandidate });
      created++;
      return { sdp: offer.sdp, accept: (sdp: string) => offer.accept(sdp), cancel: () => { cancelled++; offer.cancel(); } };
    },
    acceptOffer: (offerSdp, signal) => acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp, signal }),
    onConnection: (conn) => conns.push(conn),
  });
  try {
    expect((await signaling.start())?.incomplete).toBe(1);
    expect(created).toBe(3);
    const deadline = Date.now() + 5000;
    while (cancelled < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(cancelled).toBe(3);
  } finally {
    await signaling.stop();
    client.close();
  }
}, 30_000);
