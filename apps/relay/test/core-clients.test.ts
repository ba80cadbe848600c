/**
 * @module test/core-clients.test — @seedling/core's tracker clients against the real relay (and
 * the WebSocket client also against bittorrent-tracker's server), over real sockets.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import Server from 'bittorrent-tracker/server';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpAnnouncer,
  type IncomingAnswer,
  type IncomingOffer,
  TrackerError,
  type WebSocketConstructor,
  WsAnnouncer,
  WsTrackerClient,
  httpAnnounce,
  httpScrape,
  httpTrackerDiscovery,
} from '../../../packages/core/src/tracker/index.js';
import { type RelayHandle, startRelay } from '../src/relay.js';

const id = () => new Uint8Array(randomBytes(20));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const WS = WebSocket as unknown as WebSocketConstructor;
const stats = { uploaded: 0, downloaded: 0, left: 100 };
async function caught(p: Promise<unknown>): Promise<TrackerError> {
  try {
    await p;
  } catch (e) {
    return e as TrackerError;
  }
  throw new Error('expected a rejection');
}
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let relay: RelayHandle;
beforeAll(async () => {
  relay = await startRelay({ host: '127.0.0.1', port: 0, interval: 1, minInterval: 1 });
});
afterAll(() => relay.close());

describe('HTTP tracker client → relay', () => {
  it('announces, gets the other peer in compact form, and scrapes', async () => {
    const url = `${relay.url}/announce`;
    const infoHash = id();
    await httpAnnounce(url, { infoHash, peerId: id(), port: 6001, ...stats, left: 0, event: 'started' });
    const r = await httpAnnounce(url, { infoHash, peerId: id(), port: 6002, ...stats, event: 'started' });
    expect(r.peers).toEqual([{ ip: '127.0.0.1', port: 6001, family: 4 }]);
    expect([r.complete, r.incomplete, r.interval, r.minInterval]).toEqual([1, 1, 1, 1]);
    const s = await httpScrape(url, [infoHash]);
    expect(s.get(hex(infoHash))).toEqual({ complete: 1, incomplete: 1, downloaded: 0 });
  });

  it('maps failure reason, size limit, timeout and abort to typed errors', async () => {
    const url = `${relay.url}/announce`;
    const bad = await caught(httpAnnounce(url, { infoHash: id(), peerId: id(), port: 65536, ...stats }));
    expect([bad.code, bad.failureReason]).toEqual(['TRACKER_FAILURE', 'invalid port']);
    const big = await caught(httpAnnounce(url, { infoHash: id(), peerId: id(), port: 1, ...stats }, { maxResponseBytes: 10 }));
    expect(big.code).toBe('TRACKER_RESPONSE_TOO_LARGE');
    const silent: NetServer = createServer((s: Socket) => s.on('error', () => {}));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const slow = await caught(httpAnnounce(`http://127.0.0.1:${port}/announce`, { infoHash: id(), peerId: id(), port: 1, ...stats }, { timeoutMs: 300 }));
      expect(slow.code).toBe('TRACKER_TIMEOUT');
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 100);
      const aborted = await caught(httpAnnounce(`http://127.0.0.1:${port}/announce`, { infoHash: id(), peerId: id(), port: 1, ...stats }, { signal: ctrl.signal }));
      expect(aborted.code).toBe('TRACKER_ABORTED');
    } finally {
      silent.close();
    }
  });

  it('httpTrackerDiscovery yields dialable host:port strings for the swarm loop', async () => {
    const infoHash = id();
    const d = httpTrackerDiscovery(`${relay.url}/announce`);
    await d.announce({ infoHash, peerId: id(), port: 7100, ...stats, event: 'started' }, AbortSignal.timeout(5000));
    const r = await d.announce({ infoHash, peerId: id(), port: 7101, ...stats, event: 'started' }, AbortSignal.timeout(5000));
    expect(r).toEqual({ peers: ['127.0.0.1:7100'], interval: 1 });
  });

  it('HttpAnnouncer re-announces on the interval and sends stopped', async () => {
    const infoHash = id();
    const responses: number[] = [];
    const a = new HttpAnnouncer({ url: `${relay.url}/announce`, infoHash, peerId: id(), port: 7001, stats: () => stats, minIntervalFloor: 0, onResponse: (r) => responses.push(r.incomplete ?? -1) });
    await a.start();
    await until(() => responses.length >= 3, 6000);
    expect(relay.state.registry.get(Buffer.from(infoHash).toString('latin1'))?.incomplete).toBe(1);
    await a.stop();
    expect(relay.state.registry.get(Buffer.from(infoHash).toString('latin1'))).toBeUndefined();
  });
});

describe('HTTP tracker client → bittorrent-tracker (reference)', () => {
  it('announces with compact peers and scrapes', async () => {
    const server = new Server({ udp: false, ws: false, http: true, stats: false });
    server.on('warning', () => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.http.address() as { port: number }).port}/announce`;
    try {
      // ASCII bytes only: bittorrent-tracker 11 writes scrape keys as UTF-8 of the binary string,
      // so bytes ≥ 0x80 come back doubled (a bug in the reference; our relay writes raw bytes).
      const infoHash = new Uint8Array(randomBytes(20).map((b) => b & 0x7f));
      await httpAnnounce(url, { infoHash, peerId: id(), port: 6001, ...stats, left: 0, event: 'started' });
      const r = await httpAnnounce(url, { infoHash, peerId: id(), port: 6002, ...stats, event: 'started' });
      // bittorrent-tracker also lists the asking peer itself over HTTP (our relay does not).
      expect(r.peers).toContainEqual({ ip: '127.0.0.1', port: 6001, family: 4 });
      expect([r.complete, r.incomplete]).toEqual([1, 1]);
      const s = await httpScrape(url, [infoHash]);
      expect(s.get(hex(infoHash))).toMatchObject({ complete: 1, incomplete: 1 });
      const bad = await caught(httpAnnounce(url, { infoHash: id(), peerId: id(), port: 65536, ...stats }));
      expect(bad.code).toBe('TRACKER_FAILURE');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

async function startReference(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new Server({ udp: false, http: false, ws: true, stats: false });
  server.on('warning', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `ws://127.0.0.1:${(server.http.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

for (const target of ['relay', 'bittorrent-tracker'] as const) {
  describe(`WebSocket tracker client → ${target}`, () => {
    let url: string;
    let closeRef: (() => Promise<void>) | null = null;
    const clients: WsTrackerClient[] = [];
    beforeAll(async () => {
      if (target === 'relay') url = `ws://127.0.0.1:${relay.port}/announce`;
      else ({ url, close: closeRef } = await startReference());
    });
    afterAll(async () => {
      for (const c of clients) c.close();
      await closeRef?.();
    });

    it('relays an offer and routes the answer to the right offer_id; scrapes', async () => {
      const offers: IncomingOffer[] = [];
      const answers: IncomingAnswer[] = [];
      const a = new WsTrackerClient({ url, peerId: id(), WebSocket: WS, onOffer: (o) => offers.push(o) });
      const b = new WsTrackerClient({ url, peerId: id(), WebSocket: WS, onAnswer: (x) => answers.push(x) });
      clients.push(a, b);
      const infoHash = id();
      const ra = await a.announce({ infoHash, left: 0, event: 'started' });
      expect([ra.complete, ra.incomplete]).toEqual([1, 0]);
      const offerIds = [id(), id()];
      const rb = await b.announce({ infoHash, left: 10, event: 'started', offers: offerIds.map((offerId, i) => ({ offerId, offer: { type: 'offer', sdp: `sdp-${i}` } })) });
      expect([rb.complete, rb.incomplete]).toEqual([1, 1]);
      await until(() => offers.length === 1);
      const o = offers[0]!;
      expect(hex(o.infoHash)).toBe(hex(infoHash));
      expect(offerIds.map(hex)).toContain(hex(o.offerId));
      a.sendAnswer({ infoHash, toPeerId: o.peerId, offerId: o.offerId, answer: { type: 'answer', sdp: `answer-to-${o.offer.sdp}` } });
      await until(() => answers.length === 1);
      expect(hex(answers[0]!.offerId)).toBe(hex(o.offerId));
      expect(answers[0]!.answer.sdp).toBe(`answer-to-${o.offer.sdp}`);
      const s = await a.scrape([infoHash]);
      expect(s.get(hex(infoHash))).toMatchObject({ complete: 1, incomplete: 1 });
    });
  });
}

describe('WsAnnouncer', () => {
  it('announces with fresh offers on start, on the interval and after a reconnect; stops', async () => {
    const url = `ws://127.0.0.1:${relay.port}/announce`;
    const infoHash = id();
    const offersAtB: IncomingOffer[] = [];
    const b = new WsTrackerClient({ url, peerId: id(), WebSocket: WS, onOffer: (o) => offersAtB.push(o) });
    const aId = id();
    const a = new WsTrackerClient({ url, peerId: aId, WebSocket: WS, minReconnectMs: 50 });
    let opens = 0;
    a.addOpenListener(() => opens++);
    let made = 0;
    const announcer = new WsAnnouncer({
      client: a,
      infoHash,
      offersPerAnnounce: 2,
      minIntervalSec: 0,
      stats: () => ({ uploaded: 0, downloaded: 0, left: 5 }),
      createOffers: async (n) => Array.from({ length: n }, () => ({ offerId: id(), offer: { type: 'offer', sdp: `o${made++}` } })),
    });
    try {
      await b.announce({ infoHash, left: 0 });
      const first = await announcer.start();
      expect(first?.incomplete).toBe(1);
      await until(() => offersAtB.length >= 2, 5000); // start + at least one interval re-announce
      const before = offersAtB.length;
      const swarmKey = Buffer.from(infoHash).toString('latin1');
      const aSocket = relay.state.registry.get(swarmKey)?.peers.get(Buffer.from(aId).toString('latin1'))?.socket as { terminate(): void } | undefined;
      expect(aSocket).toBeDefined();
      aSocket!.terminate();
      await until(() => opens === 2 && offersAtB.length > before, 5000);
      await announcer.stop();
      expect(relay.state.registry.get(swarmKey)?.size).toBe(1);
      expect(made).toBeGreaterThanOrEqual(6);
    } finally {
      await announcer.stop();
      a.close();
      b.close();
    }
  });
});

describe('WebSocket tracker client resilience', () => {
  it('reconnects with backoff after the relay drops the socket', async () => {
    let opens = 0;
    const c = new WsTrackerClient({ url: `ws://127.0.0.1:${relay.port}/announce`, peerId: id(), WebSocket: WS, minReconnectMs: 50, onOpen: () => opens++ });
    try {
      await c.connect();
      await c.announce({ infoHash: id() });
      for (const s of relay.tracker.sockets) s.terminate();
      await until(() => opens === 2 && c.state === 'open');
      expect((await c.announce({ infoHash: id() })).incomplete).toBe(1);
    } finally {
      c.close();
    }
  });

  it('rejects an announce refused by the relay with TRACKER_FAILURE, and close() rejects connect', async () => {
    const limited = await startRelay({ host: '127.0.0.1', port: 0, maxSwarmsPerSocket: 1 });
    const c = new WsTrackerClient({ url: `ws://127.0.0.1:${limited.port}/announce`, peerId: id(), WebSocket: WS });
    try {
      await c.announce({ infoHash: id() });
      const e = await caught(c.announce({ infoHash: id() }));
      expect(e.code).toBe('TRACKER_FAILURE');
      expect(e.failureReason).toMatch(/too many swarms/);
    } finally {
      c.close();
      await limited.close();
    }
    expect((await caught(c.connect())).code).toBe('TRACKER_CLOSED');
  });
});
