import { afterEach, describe, expect, it } from 'vitest';
import { LazyOffers, MAX_GRACE_EXTENSIONS, OFFERS_PER_ANNOUNCE, peersNotConnected } from './offer-policy.js';

describe('peersNotConnected', () => {
  it('a leecher counts every other peer, a seeder only the leechers', () => {
    // Tracker: 1 seeder, 3 leechers, we are one of the leechers.
    expect(peersNotConnected({ complete: 1, incomplete: 3 }, false, 0)).toBe(3);
    expect(peersNotConnected({ complete: 1, incomplete: 3 }, false, 3)).toBe(0);
    // We are the seeder: the other 3 leechers... and a second seeder we never connect to.
    expect(peersNotConnected({ complete: 2, incomplete: 3 }, true, 3)).toBe(0);
    expect(peersNotConnected({ complete: 2, incomplete: 3 }, true, 2)).toBe(1);
    // Alone, or more connections than counted (peers from elsewhere): nothing missing.
    expect(peersNotConnected({ complete: 0, incomplete: 1 }, false, 0)).toBe(0);
    expect(peersNotConnected({ complete: 1, incomplete: 1 }, false, 5)).toBe(0);
  });
});

describe('LazyOffers', () => {
  const made: LazyOffers[] = [];
  afterEach(() => {
    for (const l of made.splice(0)) l.stop();
  });
  const make = (connected: () => number, selfComplete = false) => {
    let activations = 0;
    const lazy = new LazyOffers({ connected, selfComplete: () => selfComplete, activate: () => void activations++, graceMs: 30 });
    made.push(lazy);
    return { lazy, activations: () => activations };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('makes no offers while TCP connects every counted peer within the grace period', async () => {
    let connected = 0;
    const { lazy, activations } = make(() => connected);
    expect(lazy.offers()).toBe(0);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    connected = 3; // connected before the grace period ends
    await sleep(80);
    expect(activations()).toBe(0);
    expect(lazy.offers()).toBe(0);
  });

  it('starts offering once, when a counted peer is still not connected after the grace period', async () => {
    const { lazy, activations } = make(() => 1);
    lazy.onAnnounce({ complete: 1, incomplete: 2 }); // 2 others, 1 connected
    expect(lazy.offers()).toBe(0);
    await sleep(80);
    expect(activations()).toBe(1);
    expect(lazy.offers()).toBe(OFFERS_PER_ANNOUNCE);
    lazy.onAnnounce({ complete: 1, incomplete: 5 });
    await sleep(80);
    expect(activations()).toBe(1);
  });

  it(`waits up to MAX_GRACE_EXTENSIONS (${MAX_GRACE_EXTENSIONS}) more periods while TCP keeps connecting counted peers`, async () => {
    let connected = 0;
    const { lazy, activations } = make(() => connected);
    lazy.onAnnounce({ complete: 1, incomplete: 4 }); // 4 others
    connected = 1;
    await sleep(45); // first period over, progress made: extended
    expect(activations()).toBe(0);
    connected = 2;
    await sleep(30); // second over, progress again: extended (the last time)
    expect(activations()).toBe(0);
    connected = 3;
    await sleep(60); // third over: still one missing, no more extensions
    expect(activations()).toBe(1);
  });

  it('starts offering after one period when TCP made no progress in it', async () => {
    let connected = 1;
    const { lazy, activations } = make(() => connected);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    await sleep(45);
    expect(activations()).toBe(1);
    connected = 2;
  });

  it('checks against the latest reply only, and not after stop', async () => {
    const { lazy, activations } = make(() => 0);
    lazy.onAnnounce({ complete: 1, incomplete: 1 });
    lazy.onAnnounce({ complete: 0, incomplete: 1 }); // replaces the first: alone now
    await sleep(80);
    expect(activations()).toBe(0);
    lazy.onAnnounce({ complete: 1, incomplete: 1 });
    lazy.stop();
    await sleep(80);
    expect(activations()).toBe(0);
  });
});

describe('LazyOffers once complete (stale counts)', () => {
  const made: LazyOffers[] = [];
  afterEach(() => {
    for (const l of made.splice(0)) l.stop();
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const make = (state: { connected: number; complete: boolean }) => {
    let activations = 0;
    const lazy = new LazyOffers({ connected: () => state.connected, selfComplete: () => state.complete, activate: () => void activations++, graceMs: 30 });
    made.push(lazy);
    return { lazy, activations: () => activations };
  };

  it('counts peers closed while complete (both complete, on either end) since the reply as reached', async () => {
    // We are complete and serve 3 leechers; two complete and their links close before the
    // tracker counts them as complete.
    const state = { connected: 3, complete: true };
    const { lazy, activations } = make(state);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    state.connected = 1;
    lazy.onPeerClosed();
    lazy.onPeerClosed();
    await sleep(80);
    expect(activations()).toBe(0);
    // Still counted at the next reply (the interval before it), not at the one after.
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    await sleep(80);
    expect(activations()).toBe(0);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    await sleep(80);
    expect(activations()).toBe(1);
  });

  it('does not use counts taken while downloading once complete', async () => {
    // A leecher's reply: 1 seeder and 3 leechers (us included), all 3 others connected.
    const state = { connected: 3, complete: false };
    const { lazy, activations } = make(state);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    // We complete: the links to the seeder and to one finished leecher close.
    state.complete = true;
    state.connected = 1;
    lazy.onPeerClosed();
    lazy.onPeerClosed();
    await sleep(80);
    expect(activations()).toBe(0);
    // The `completed` reply: 2 seeders (us included), 2 leechers; one is connected, one is not.
    lazy.onAnnounce({ complete: 2, incomplete: 2 });
    await sleep(80);
    expect(activations()).toBe(0); // the two "both complete" closes were in the interval before
    lazy.onAnnounce({ complete: 2, incomplete: 2 });
    await sleep(80);
    expect(activations()).toBe(1);
  });

  it('a seeder still offers to a leecher it is not connected to, and stops once none is missing', async () => {
    const state = { connected: 1, complete: true };
    const { lazy, activations } = make(state);
    lazy.onAnnounce({ complete: 1, incomplete: 2 });
    await sleep(80);
    expect(activations()).toBe(1);
    expect(lazy.offers()).toBe(OFFERS_PER_ANNOUNCE);
    state.connected = 2; // reached (say, a browser tab over WebRTC)
    expect(lazy.offers()).toBe(0);
  });

  it('a getter that started offering while downloading stops once complete with every leecher reached', () => {
    const state = { connected: 0, complete: false };
    const { lazy } = make(state);
    lazy.onAnnounce({ complete: 1, incomplete: 3 });
    lazy.start(); // as the grace check does when TCP is slow at startup
    expect(lazy.offers()).toBe(OFFERS_PER_ANNOUNCE);
    state.complete = true;
    state.connected = 1;
    lazy.onPeerClosed(); // the seeder
    lazy.onPeerClosed(); // a getter that completed too
    expect(lazy.offers()).toBe(0); // counts from while downloading: not used
    lazy.onAnnounce({ complete: 3, incomplete: 1 }); // the `completed` reply
    expect(lazy.offers()).toBe(0);
    state.connected = 0; // the last leecher's link closed without completing: it is missing
    // The two "both complete" closes of just before the reply still count as reached until the
    // next reply (the tracker may not have counted them as complete yet): offers resume there.
    lazy.onAnnounce({ complete: 3, incomplete: 1 });
    expect(lazy.offers()).toBe(OFFERS_PER_ANNOUNCE);
  });
});
