/** @module lib/deferred-relay-peers.test — relay peers start after the delay, never after close, and their failure is reported. */
import { describe, expect, it } from 'vitest';
import { deferRelayPeers } from './deferred-relay-peers.js';
import type { RelayPeers } from './relay-peers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A starter that counts starts and closes of what it started. */
function starter(fail?: Error) {
  const st = { starts: 0, closes: 0 };
  const start = async (): Promise<RelayPeers> => {
    st.starts++;
    if (fail) throw fail;
    return { close: async () => void st.closes++ };
  };
  return { st, start };
}

describe('deferRelayPeers', () => {
  it('starts after the delay and closes what it started', async () => {
    const { st, start } = starter();
    const d = deferRelayPeers(start, 60);
    await sleep(20);
    expect(st.starts).toBe(0);
    await sleep(80);
    expect(st.starts).toBe(1);
    await d.close();
    expect(st.closes).toBe(1);
  });

  it('never starts once closed before the delay', async () => {
    const { st, start } = starter();
    const d = deferRelayPeers(start, 40);
    await d.close();
    await sleep(80);
    expect(st.starts).toBe(0);
  });

  it('starts at once without a delay, and `started` settles after it', async () => {
    const { st, start } = starter();
    const d = deferRelayPeers(start, 0);
    expect(st.starts).toBe(1);
    await d.started;
    await d.close();
    expect(st.closes).toBe(1);
  });

  it('reports a failed start through `failed` (and `started` rejects)', async () => {
    const { start } = starter(new Error('relay refused'));
    const d = deferRelayPeers(start, 0);
    await expect(d.started).rejects.toThrow('relay refused');
    expect((await d.failed).message).toBe('relay refused');
    await d.close();
  });
});
