/**
 * @module adapters/node/webrtc-node-held-candidates.test — node-datachannel answering an offer
 * made by libdatachannel holds the offer's candidates back for `offerCandidateDelayMs` (against
 * libdatachannel's answer race, docs/webrtc.md), then adds them. Real node-datachannel pairs on
 * 127.0.0.1. The offerer is given the answer without its candidates, so that only the answerer's
 * checks, sent to the offer's candidates, can open the path (as when a NAT in front of the
 * answerer drops the offerer's checks until the answerer has sent to it).
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../transport/transport.js';
import { acceptWebRtcOffer, createWebRtcOffer, retryAnswerRace, sdpCandidates, sdpFilterCandidates } from '../../webrtc/index.js';
import { loadNodeRTCPeerConnection } from './webrtc-node.js';

const noCandidates = (sdp: string): string => sdpFilterCandidates(sdp, () => false).replace(/^a=end-of-candidates\r?\n/gm, '');

/** Negotiates with the answer's candidates withheld; resolves with the pair and the ms from applying the offer to both ends open. */
async function connectThroughOfferCandidates(
  offerDelayMs: number,
  rewriteOffer: (sdp: string) => string = (sdp) => sdp,
): Promise<{ conns: [Connection, Connection]; ms: number }> {
  const PC = await loadNodeRTCPeerConnection({ bindAddress: '127.0.0.1', offerCandidateDelayMs: offerDelayMs });
  return retryAnswerRace(async () => {
    const offer = await createWebRtcOffer({ RTCPeerConnection: PC });
    const t0 = performance.now();
    const answer = await acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp: rewriteOffer(offer.sdp) });
    expect(sdpCandidates(answer.sdp).length).toBeGreaterThan(0);
    try {
      const conns = await Promise.all([offer.accept(noCandidates(answer.sdp)), answer.connection]);
      return { conns, ms: performance.now() - t0 };
    } catch (err) {
      answer.cancel();
      throw err;
    }
  });
}

async function exchangeAndClose([a, b]: [Connection, Connection]): Promise<void> {
  const reading = (async () => {
    for await (const chunk of b.readable) return Array.from(chunk);
    return [];
  })();
  await a.write(new Uint8Array([1, 2, 3]));
  expect(await reading).toEqual([1, 2, 3]);
  a.close();
  await Promise.all([a.closed, b.closed]);
}

describe('node-datachannel answering a libdatachannel offer', () => {
  it('holds the offer candidates back for offerCandidateDelayMs, then adds them', async () => {
    const { conns, ms } = await connectThroughOfferCandidates(500);
    // Only the answerer's checks can connect, and it sends none before the delay (timers never fire early).
    expect(ms).toBeGreaterThanOrEqual(500);
    await exchangeAndClose(conns);
  });

  it('applies them with the offer when offerCandidateDelayMs is 0', async () => {
    const { conns } = await connectThroughOfferCandidates(0);
    await exchangeAndClose(conns);
  });

  it('leaves offers from other implementations alone', async () => {
    // Not libdatachannel's origin line: the candidates apply at once, so the pair opens long before a held timer would fire.
    const { conns } = await connectThroughOfferCandidates(60_000, (sdp) => sdp.replace(/^o=rtc /m, 'o=- '));
    await exchangeAndClose(conns);
  });
});
