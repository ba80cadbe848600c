import { describe, expect, it } from 'vitest';
import { RaceReannounce } from './webrtc-race-reannounce.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RaceReannounce', () => {
  it('announces at once after the first race, then at most once per gap however many races come', async () => {
    let announces = 0;
    const r = new RaceReannounce({ announce: () => announces++, gapMs: 60_000 });
    r.onRace();
    await sleep(20);
    expect(announces).toBe(1);
    for (let i = 0; i < 100; i++) r.onRace();
    await sleep(50);
    // The next one waits for the gap (60 s) and all 100 races share it.
    expect(announces).toBe(1);
    r.stop();
  });

  it('a race after the gap announces again; stop cancels the one scheduled', async () => {
    let announces = 0;
    const r = new RaceReannounce({ announce: () => announces++, gapMs: 100 });
    r.onRace();
    await sleep(20);
    r.onRace();
    r.onRace();
    expect(announces).toBe(1);
    await sleep(300);
    expect(announces).toBe(2);
    r.onRace();
    r.stop();
    await sleep(300);
    expect(announces).toBe(2);
  });
});
