/** @module tracker/ws-incoming.test — decoding tracker messages as bittorrent-tracker sends them. */
import { describe, expect, it } from 'vitest';
import { decodeTrackerMessage } from './ws-incoming.js';

const bin = (n: number) => String.fromCharCode(...Array.from({ length: 20 }, (_, i) => (n + i * 7) & 0xff));
const me = bin(1);
const ih = bin(200);
const decode = (m: unknown) => decodeTrackerMessage(typeof m === 'string' ? m : JSON.stringify(m), me, 4096);

describe('decodeTrackerMessage', () => {
  it('decodes an announce reply with counts', () => {
    const m = decode({ complete: 2, incomplete: 3, action: 'announce', interval: 120, info_hash: ih });
    expect(m).toMatchObject({ kind: 'announce', key: ih, result: { interval: 120, complete: 2, incomplete: 3 } });
    if (m.kind === 'announce') expect(m.result.infoHash[0]).toBe(200);
  });

  it('decodes relayed offers and answers with binary ids (chars 0x80–0xff survive as bytes)', () => {
    const peer = bin(0x80);
    const offerId = bin(0xf0);
    const o = decode({ action: 'announce', offer: { type: 'offer', sdp: 'v=0' }, offer_id: offerId, peer_id: peer, info_hash: ih });
    expect(o.kind).toBe('offer');
    if (o.kind === 'offer') expect([o.offer.peerId[0], o.offer.offerId[0], o.offer.offer.sdp]).toEqual([0x80, 0xf0, 'v=0']);
    const a = decode({ action: 'announce', answer: { type: 'answer', sdp: 'x' }, offer_id: offerId, peer_id: peer, info_hash: ih });
    expect(a.kind).toBe('answer');
  });

  it('decodes scrape files keyed by hex and failure reasons with their request', () => {
    const s = decode({ action: 'scrape', files: { [ih]: { complete: 1, incomplete: 0, downloaded: 4 } }, flags: { min_request_interval: 600 } });
    expect(s.kind === 'scrape' && [...s.files.values()]).toEqual([{ complete: 1, incomplete: 0, downloaded: 4 }]);
    expect(decode({ 'failure reason': 'invalid info_hash' })).toEqual({ kind: 'failure', reason: 'invalid info_hash' });
    expect(decode({ action: 'announce', 'failure reason': 'full', info_hash: ih })).toEqual({ kind: 'failure', reason: 'full', action: 'announce', key: ih });
  });

  it('ignores our own echo and flags junk as invalid', () => {
    expect(decode({ action: 'announce', offer: { type: 'offer', sdp: '' }, offer_id: bin(9), peer_id: me, info_hash: ih }).kind).toBe('own');
    for (const junk of ['{', '[]', '"s"', { action: 'nope' }, { action: 'announce', info_hash: 'short' }, { action: 'announce', info_hash: ih, offer: { sdp: 1 }, peer_id: bin(3), offer_id: bin(4) }, { action: 'announce', info_hash: ih, answer: {}, peer_id: 'x', offer_id: bin(4) }]) {
      expect(decode(junk).kind).toBe('invalid');
    }
    expect(decodeTrackerMessage('x'.repeat(5000), me, 4096).kind).toBe('invalid');
    expect(decodeTrackerMessage(new TextEncoder().encode(JSON.stringify({ action: 'scrape', files: {} })), me, 4096).kind).toBe('scrape');
  });
});
