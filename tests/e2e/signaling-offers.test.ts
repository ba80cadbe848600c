/**
 * @module e2e/signaling-offers.test — regression for `WebRtcTrackerSignaling` against the real
 * relay's WebSocket tracker: an offer is cancelled only when stale or on stop, never because a
 * later announce (here `completed` while `started` is still making offers) aborted its announce.
 */
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebRtcTrackerSignaling, WsTrackerClient, type SignalingOffer, type WebSocketConstructor } from '../../packages/core/dist/index.js';
import { startRelay } from './helpers/fixtures.js';
import { killAll, type Proc } from './helpers/processes.js';

let relay: { proc: Proc; url: string };
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await killAll();
});

describe('WebRtcTrackerSignaling offers', () => {
  it('survive a later announce and are cancelled on stop', async () => {
    const peerId = crypto.getRandomValues(new Uint8Array(20));
    let onStartedSent = (): void => undefined;
    // The real socket; once the `started` announce (with its offers) is on the wire, `completed`
    // is announced while `started` still awaits its reply — the announce it supersedes is aborted.
    class Socket extends WebSocket {
      override send(data: string): void {
        super.send(data);
        if (data.includes('"event":"started"')) onStartedSent();
      }
    }
    const client = new WsTrackerClient({ url: `${relay.url.replace('http', 'ws')}/announce`, peerId, WebSocket: Socket as unknown as WebSocketConstructor, reconnect: false });
    const made: { signal: AbortSignal; cancelled: boolean }[] = [];
    const signaling = new WebRtcTrackerSignaling({
      client,
      infoHash: crypto.getRandomValues(new Uint8Array(20)),
      stats: () => ({ uploaded: 0, downloaded: 0, left: 1 }),
      offersPerAnnounce: 2,
      createOffer: async (signal): Promise<SignalingOffer> => {
        const rec = { signal, cancelled: false };
        made.push(rec);
        await new Promise((r) => setTimeout(r, 50));
        return { sdp: 'v=0\r\n', accept: () => Promise.reject(new Error('not used')), cancel: () => void (rec.cancelled = true) };
      },
      acceptOffer: () => Promise.reject(new Error('not used')),
      onConnection: () => undefined,
    });
    let completed: Promise<unknown> = Promise.resolve();
    onStartedSent = () => {
      onStartedSent = () => undefined;
      completed = signaling.complete();
    };
    await signaling.start();
    await completed;
    expect(made).toHaveLength(2);
    // The offers sent with `started` still wait for answers: neither aborted nor cancelled.
    expect(made.every((m) => !m.signal.aborted && !m.cancelled)).toBe(true);
    await signaling.stop();
    client.close();
    expect(made.every((m) => m.signal.aborted && m.cancelled)).toBe(true);
  });
});
