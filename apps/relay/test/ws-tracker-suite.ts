/**
 * @module test/ws-tracker-suite — one WebSocket tracker test suite, run against our relay and
 * against bittorrent-tracker's server, so our behaviour is known to match the reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announce, fakeOffer, type Msg, ProtoClient, randomId } from './proto-client.js';

/** A tracker under test: its ws:// URL and how to stop it. */
export interface TrackerUnderTest {
  wsUrl: string;
  close(): Promise<void>;
}

/** Registers the suite for a tracker started by `start`. */
export function runWsTrackerSuite(name: string, start: () => Promise<TrackerUnderTest>): void {
  describe(`WebSocket tracker protocol: ${name}`, () => {
    let t: TrackerUnderTest;
    const clients: ProtoClient[] = [];
    const open = async () => {
      const c = await ProtoClient.open(t.wsUrl);
      clients.push(c);
      return c;
    };
    beforeAll(async () => {
      t = await start();
    });
    afterAll(async () => {
      for (const c of clients) c.close();
      await t.close();
    });
    const isAnnounceResponse = (m: Msg) => m.action === 'announce' && m.complete !== undefined;

    it('answers an announce with counts and interval', async () => {
      const a = await open();
      const ih = randomId();
      a.send(announce(ih, randomId(), { left: 0 }));
      const res = await a.next(isAnnounceResponse);
      expect(res.info_hash).toBe(ih);
      expect(res.complete).toBe(1);
      expect(res.incomplete).toBe(0);
      expect(typeof res.interval).toBe('number');
      expect(res.interval as number).toBeGreaterThan(0);
    });

    it('relays offers to the other peer and answers back to the right offer_id', async () => {
      const a = await open();
      const b = await open();
      const ih = randomId();
      const pa = randomId();
      const pb = randomId();
      a.send(announce(ih, pa));
      await a.next(isAnnounceResponse);
      const offerId = randomId();
      b.send(announce(ih, pb, { offers: [{ offer: fakeOffer('b1'), offer_id: offerId }] }));
      const resB = await b.next(isAnnounceResponse);
      expect(resB.incomplete).toBe(2);
      const got = await a.next((m) => m.offer !== undefined);
      expect(got).toMatchObject({ action: 'announce', info_hash: ih, peer_id: pb, offer_id: offerId, offer: fakeOffer('b1') });
      a.send({ action: 'announce', info_hash: ih, peer_id: pa, to_peer_id: pb, offer_id: offerId, answer: { type: 'answer', sdp: 'a-sdp' } });
      const ans = await b.next((m) => m.answer !== undefined);
      expect(ans).toMatchObject({ action: 'announce', info_hash: ih, peer_id: pa, offer_id: offerId, answer: { type: 'answer', sdp: 'a-sdp' } });
      // The offerer never receives its own offer.
      expect(b.messages.some((m) => m.offer !== undefined)).toBe(false);
    });

    it('fans out at most one offer per other peer', async () => {
      const ih = randomId();
      const peers = await Promise.all([open(), open(), open()]);
      for (const p of peers) {
        p.send(announce(ih, randomId()));
        await p.next(isAnnounceResponse);
      }
      const o = await open();
      const ids = [randomId(), randomId(), randomId(), randomId(), randomId()];
      o.send(announce(ih, randomId(), { offers: ids.map((id, i) => ({ offer: fakeOffer(`o${i}`), offer_id: id })) }));
      await o.next(isAnnounceResponse);
      const got = await Promise.all(peers.map((p) => p.next((m) => m.offer !== undefined)));
      const offerIds = new Set(got.map((m) => m.offer_id));
      expect(offerIds.size).toBe(3);
      for (const id of offerIds) expect(ids).toContain(id);
    });

    it('scrapes counts by info_hash', async () => {
      const a = await open();
      const ih = randomId();
      a.send(announce(ih, randomId(), { left: 0 }));
      await a.next(isAnnounceResponse);
      const s = await open();
      s.send({ action: 'scrape', info_hash: [ih] });
      const res = await s.next((m) => m.action === 'scrape');
      const files = res.files as Record<string, { complete: number; incomplete: number }>;
      expect(files[ih]).toMatchObject({ complete: 1, incomplete: 0 });
    });

    it('a closed socket leaves its swarms', async () => {
      const a = await open();
      const ih = randomId();
      a.send(announce(ih, randomId()));
      await a.next(isAnnounceResponse);
      const s = await open();
      s.send({ action: 'scrape', info_hash: ih });
      expect(((await s.next((m) => m.action === 'scrape')).files as Record<string, { incomplete: number }>)[ih]?.incomplete).toBe(1);
      a.close();
      let incomplete = -1;
      for (let i = 0; i < 50 && incomplete !== 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        s.send({ action: 'scrape', info_hash: ih });
        incomplete = ((await s.next((m) => m.action === 'scrape')).files as Record<string, { incomplete: number }>)[ih]?.incomplete ?? -1;
      }
      expect(incomplete).toBe(0);
    });

    it('answers malformed JSON and wrong-length ids with a failure reason and keeps the socket', async () => {
      const a = await open();
      a.send('{not json');
      expect(typeof (await a.next((m) => m['failure reason'] !== undefined))['failure reason']).toBe('string');
      a.send(announce('short', randomId()));
      expect(String((await a.next((m) => m['failure reason'] !== undefined))['failure reason'])).toMatch(/info_hash/);
      a.send(announce(randomId(), 'x'.repeat(19)));
      expect(String((await a.next((m) => m['failure reason'] !== undefined))['failure reason'])).toMatch(/peer_id/);
      const ih = randomId();
      a.send(announce(ih, randomId()));
      expect((await a.next(isAnnounceResponse)).info_hash).toBe(ih);
    });
  });
}
