/**
 * @module swarm/upload-unflushed.node.test — UnflushedBlocks, driven directly over real TCP on
 * 127.0.0.1: a peer whose reader has stalled may have at most `limit` bytes of sent blocks
 * unwritten, and so pins at most that many pool slots; the slots go back to the pool only once
 * the connection reports the blocks written (or the peer closes). The reader is stalled behind
 * a filler far larger than loopback socket buffers hold, so the connection's `flushed()` really
 * waits (socket write callbacks), as it does for a slow peer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnectionPair } from '../adapters/node/tcp-pair.test-support.js';
import type { Connection } from '../transport/transport.js';
import { PeerConnection } from './peer-connection.js';
import { PieceBufferPool, type PoolSlot } from './piece-buffer-pool.js';
import { UnflushedBlocks } from './upload-unflushed.js';

const BLOCK = 16384;
/** Far more than loopback socket buffers hold: what comes after it waits in the sender. */
const FILLER = 32 << 20;
const SLOTS = 8;

/** Whether `p` settles within `ms`. */
async function settles(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  const end = Date.now() + ms;
  while (!done && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  return done;
}

/** Reads and discards `bytes` from `conn` (the stalled reader catching up). */
async function drain(conn: Connection, bytes: number): Promise<void> {
  let got = 0;
  for await (const chunk of conn.readable) {
    got += chunk.length;
    if (got >= bytes) return;
  }
  throw new Error(`connection ended after ${got} of ${bytes} bytes`);
}

describe('UnflushedBlocks over TCP', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A peer over real TCP whose reader (`client`) reads nothing yet, its socket already full. */
  async function stalledPeer(): Promise<{ peer: PeerConnection; client: Connection; pool: PieceBufferPool }> {
    const [client, serverConn] = await tcpConnectionPair(cleanup);
    const peer = new PeerConnection({ conn: serverConn, peerId: new Uint8Array(20), reserved: { fast: false, extended: false }, direction: 'in' });
    expect(peer.tracksWrites).toBe(true);
    peer.sendRaw(new Uint8Array(FILLER));
    const pool = new PieceBufferPool({ slotBytes: BLOCK, maxSlots: SLOTS });
    return { peer, client, pool };
  }

  /**
   * What the upload server's loop does for one peer: while there is room, take a slot (a new
   * key each time, so each block pins a slot of its own), send a view of it, record it; then
   * hand the batch over. At most `max` blocks. Returns the blocks sent.
   */
  async function serve(peer: PeerConnection, pool: PieceBufferPool, un: UnflushedBlocks, firstKey: number, max: number): Promise<number> {
    let sent = 0;
    while (un.hasRoom && sent < max) {
      const slot: PoolSlot = await pool.acquire(firstKey + sent, BLOCK, async (out) => void out.fill(sent & 0xff));
      peer.sendRaw(slot.data);
      un.add(slot, BLOCK);
      sent++;
    }
    un.sent();
    return sent;
  }

  it('a stalled peer pins at most its limit of slots, given back once the blocks are written', async () => {
    const { peer, client, pool } = await stalledPeer();
    const un = new UnflushedBlocks(peer, pool, 3 * BLOCK);
    // Without the bound the loop would take every slot of the pool.
    expect(await serve(peer, pool, un, 0, SLOTS)).toBe(3);
    expect(un.hasRoom).toBe(false);
    expect(pool.inUse).toBe(3);
    // Another peer still finds free slots.
    const other = pool.acquire(100, BLOCK, async () => undefined);
    expect(await settles(other, 1000)).toBe(true);
    pool.release(await other);
    // Nothing is written while the reader is stalled: the slots stay pinned.
    const released = un.released();
    expect(await settles(released, 300)).toBe(false);
    expect(pool.inUse).toBe(3);
    // The reader catches up: the blocks are written, their slots free, the peer has room again.
    await drain(client, FILLER + 3 * BLOCK);
    expect(await settles(released, 10_000)).toBe(true);
    expect(pool.inUse).toBe(0);
    expect(un.hasRoom).toBe(true);
  }, 30_000);

  it('blocks added while a batch is being flushed are released with the next batch, never early', async () => {
    const { peer, client, pool } = await stalledPeer();
    const un = new UnflushedBlocks(peer, pool, 4 * BLOCK);
    expect(await serve(peer, pool, un, 0, 2)).toBe(2); // first batch: flushing from now on
    expect(await serve(peer, pool, un, 10, 2)).toBe(2); // second batch, while the first is unwritten
    expect(un.hasRoom).toBe(false);
    expect(await settles(un.released(), 300)).toBe(false);
    expect(pool.inUse).toBe(4);
    await drain(client, FILLER + 4 * BLOCK);
    // Both batches written: every slot back, the whole limit free again.
    const end = Date.now() + 10_000;
    while (pool.inUse > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(pool.inUse).toBe(0);
    expect(un.hasRoom).toBe(true);
  }, 30_000);

  it('a peer that closes with blocks unwritten gives its slots back', async () => {
    const { peer, client, pool } = await stalledPeer();
    const un = new UnflushedBlocks(peer, pool, 2 * BLOCK);
    expect(await serve(peer, pool, un, 0, SLOTS)).toBe(2);
    const released = un.released();
    expect(await settles(released, 300)).toBe(false);
    // The reader goes away without reading: the writes fail, the loop must not wait forever.
    client.close(new Error('reader gone'));
    peer.close('test: peer gone');
    expect(await settles(released, 10_000)).toBe(true);
    expect(pool.inUse).toBe(0);
  }, 30_000);
});
