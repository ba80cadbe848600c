import { describe, expect, it } from 'vitest';
import { createMemoryConnectionPair } from '../transport/memory-transport.js';
import type { Connection } from '../transport/transport.js';
import { PeerConnection, SOON_MS } from './peer-connection.js';

/** A fast-extension, extension-protocol peer we dialled, over `conn`. */
function outgoingPeer(conn: Connection): PeerConnection {
  return new PeerConnection({ conn, peerId: new Uint8Array(20), reserved: { fast: true, extended: true }, direction: 'out' });
}

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
    const peer = outgoingPeer(a);
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
    const peer = outgoingPeer(a);
    peer.close();
    peer.sendLazy(Uint8Array.from([0, 0, 0, 0]));
    expect(peer.queuedBytes).toBe(0);
  });
  it('sendSoon bytes leave on their own once SOON_MS is up, not before', async () => {
    const [a, b] = createMemoryConnectionPair();
    const peer = outgoingPeer(a);
    const t0 = Date.now();
    peer.sendSoon(Uint8Array.from([0, 0, 0, 5, 4, 0, 0, 0, 7])); // have 7
    peer.sendSoon(Uint8Array.from([0, 0, 0, 5, 4, 0, 0, 0, 8])); // have 8: same timer, same write
    const got = await nextChunk(b, 2000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(SOON_MS - 5);
    expect(got).not.toBe('none');
    expect([...(got as Uint8Array)]).toEqual([0, 0, 0, 5, 4, 0, 0, 0, 7, 0, 0, 0, 5, 4, 0, 0, 0, 8]);
    expect(peer.queuedBytes).toBe(0);
    peer.close();
  });

  it('sendSoon bytes ride with the next message sent, and the timer then writes nothing more', async () => {
    const [a, b] = createMemoryConnectionPair();
    const peer = outgoingPeer(a);
    peer.sendSoon(Uint8Array.from([0, 0, 0, 5, 4, 0, 0, 0, 7])); // have 7
    peer.send({ type: 'keep-alive' });
    const it = b.readable[Symbol.asyncIterator]();
    const first = await it.next();
    expect([...first.value!]).toEqual([0, 0, 0, 5, 4, 0, 0, 0, 7, 0, 0, 0, 0]);
    const more = await Promise.race([it.next().then(() => 'data'), new Promise((r) => setTimeout(() => r('none'), SOON_MS * 3))]);
    expect(more).toBe('none');
    peer.close();
  });

  it('sendSoon after close is dropped and starts no timer', () => {
    const [a] = createMemoryConnectionPair();
    const peer = outgoingPeer(a);
    peer.close();
    peer.sendSoon(Uint8Array.from([0, 0, 0, 0]));
    expect(peer.queuedBytes).toBe(0);
  });
});
