import { describe, expect, it } from 'vitest';
import { createMemoryConnectionPair } from '../transport/memory-transport.js';
import type { Connection } from '../transport/transport.js';
import { PeerConnection } from './peer-connection.js';

/** Resolves with the next chunk the remote end receives, or 'none' if nothing arrives within `ms`. */
function nextChunk(remote: Connection, ms: number): Promise<Uint8Array | 'none'> {
  const it = remote.readable[Symbol.asyncIterator]();
  return Promise.race([
    it.next().then((r) => (r.done ? 'none' : r.value)),
    new Promise<'none'>((r) => setTimeout(() => r('none'), ms)),
  ]);
}

describe('PeerConnection write queue', () => {
  it('sendLazy bytes wait for the next message and leave with it, in order', async () => {
    const [a, b] = createMemoryConnectionPair();
    const peer = new PeerConnection({ conn: a, peerId: new Uint8Array(20), reserved: { fast: true, extended: true }, direction: 'out' });
    peer.sendLazy(Uint8Array.from([0, 0, 0, 5, 4, 0, 0, 0, 7])); // have 7
    expect(await nextChunk(b, 50)).toBe('none');
    expect(peer.queuedBytes).toBe(9);
    peer.send({ type: 'keep-alive' });
    const got = await nextChunk(b, 1000);
    expect(got).not.toBe('none');
    expect([...(got as Uint8Array)]).toEqual([0, 0, 0, 5, 4, 0, 0, 0, 7, 0, 0, 0, 0]);
    peer.close();
  });

  it('sendLazy after close is dropped', () => {
    const [a] = createMemoryConnectionPair();
    const peer = new PeerConnection({ conn: a, peerId: new Uint8Array(20), reserved: { fast: true, extended: true }, direction: 'out' });
    peer.close();
    peer.sendLazy(Uint8Array.from([0, 0, 0, 0]));
    expect(peer.queuedBytes).toBe(0);
  });
});
