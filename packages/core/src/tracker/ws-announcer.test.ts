import { describe, expect, it } from 'vitest';
import { WsAnnouncer } from './ws-announcer.js';
import type { WsAnnounceRequest, WsTrackerClient } from './ws-tracker-client.js';

/** An in-memory tracker client: records announces, answers after `delayMs`. */
function recordingClient(delayMs = 0): { client: WsTrackerClient; sent: WsAnnounceRequest[] } {
  const sent: WsAnnounceRequest[] = [];
  const client = {
    addOpenListener: () => () => undefined,
    announce: async (req: WsAnnounceRequest) => {
      sent.push(req);
      await new Promise((r) => setTimeout(r, delayMs));
      return { infoHash: req.infoHash, interval: 120, complete: 1, incomplete: 1 };
    },
  } as unknown as WsTrackerClient;
  return { client, sent };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('WsAnnouncer offers on demand', () => {
  it('asks offersPerAnnounce at every announce; announceNow re-announces with the new count', async () => {
    const { client, sent } = recordingClient();
    let want = 0;
    const made: number[] = [];
    const a = new WsAnnouncer({
      client,
      infoHash: new Uint8Array(20),
      stats: () => ({ uploaded: 0, downloaded: 0, left: 1 }),
      offersPerAnnounce: () => want,
      createOffers: async (n) => {
        made.push(n);
        return Array.from({ length: n }, () => ({ offerId: new Uint8Array(20), offer: { type: 'offer', sdp: 'v=0' } }));
      },
    });
    await a.start();
    expect(sent[0]?.event).toBe('started');
    expect(sent[0]?.offers).toEqual([]);
    expect(made).toEqual([]); // no offer was made for a count of 0
    want = 3;
    await a.announceNow();
    expect(sent[1]?.event).toBe('update');
    expect(sent[1]?.offers).toHaveLength(3);
    expect(made).toEqual([3]);
    await a.stop();
  });

  it('announceNow during an announce waits for it instead of aborting its event', async () => {
    const { client, sent } = recordingClient(30);
    const a = new WsAnnouncer({ client, infoHash: new Uint8Array(20), stats: () => ({ uploaded: 0, downloaded: 0, left: 1 }), offersPerAnnounce: 0, createOffers: async () => [] });
    const started = a.start();
    expect(await a.announceNow()).toBeNull();
    expect((await started)?.complete).toBe(1); // `started` was answered, not aborted
    await until(() => sent.length === 2);
    expect(sent.map((r) => r.event)).toEqual(['started', 'update']);
    await a.stop();
  });
});
