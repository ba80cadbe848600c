/**
 * @module swarm/upload-server.node.test — the upload server's piece-buffer pool over real TCP
 * on 127.0.0.1: a peer that stops reading leaves blocks pending in the socket, and those
 * blocks' slots must not be refilled before they are written. The receiver checks every byte
 * against the file; the same run with a connection that claims its writes are done at once
 * (no real Connection.flushed) must come out corrupted, which shows the check can fail.
 */
import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnectionPair } from '../adapters/node/tcp-pair.test-support.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage } from '../storage/storage.js';
import { randomBytes } from '../testing/random.js';
import type { Connection } from '../transport/transport.js';
import { PeerConnection } from './peer-connection.js';
import type { PieceLayout } from './piece-layout.js';
import { UploadServer } from './upload-server.js';

const BLOCK = 16384;
const TOTAL = 32 << 20; // far more than loopback socket buffers hold
const SLOTS = 4;

/** v1 geometry: `total` bytes in pieces of `piece` bytes, the last one short. */
function flatLayout(piece: number, total: number): PieceLayout {
  const count = Math.ceil(total / piece);
  const size = (i: number): number => Math.min(piece, total - i * piece);
  return {
    pieceCount: count,
    pieceLength: piece,
    size,
    offset: (i) => i * piece,
    blocks: (i) => Math.ceil(size(i) / BLOCK),
    blockSize: (i, b) => Math.min(BLOCK, size(i) - b * BLOCK),
    wireSize: size,
    wireLength: total,
    inMultiPieceFile: () => true,
    totalBytes: total,
  };
}

/**
 * Reads `blocks` piece messages from `conn`; counts those that differ from `data` or repeat an
 * index (a refilled slot rewrites the header it holds too, so early reuse can also show up as
 * a consistent message for the wrong piece: one piece twice, another never).
 */
async function receive(conn: Connection, data: Uint8Array, piece: number, blocks: number): Promise<{ received: number; corrupt: number }> {
  let buf = new Uint8Array(0);
  let received = 0;
  let corrupt = 0;
  const seen = new Set<number>();
  for await (const chunk of conn.readable) {
    const next = new Uint8Array(buf.length + chunk.length);
    next.set(buf);
    next.set(chunk, buf.length);
    buf = next;
    let at = 0;
    while (buf.length - at >= 4) {
      const view = new DataView(buf.buffer, buf.byteOffset + at);
      const len = view.getUint32(0);
      if (buf.length - at < 4 + len) break;
      expect(buf[at + 4]).toBe(7); // piece
      const index = view.getUint32(5);
      const begin = view.getUint32(9);
      if (seen.has(index * piece + begin)) corrupt++;
      seen.add(index * piece + begin);
      const block = buf.subarray(at + 13, at + 4 + len);
      const want = data.subarray(index * piece + begin, index * piece + begin + block.length);
      if (!Buffer.from(block.buffer, block.byteOffset, block.length).equals(want)) corrupt++;
      received++;
      at += 4 + len;
    }
    buf = buf.slice(at);
    if (received === blocks) break;
  }
  return { received, corrupt };
}

describe('UploadServer piece-buffer pool over TCP', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function run(lie: boolean, piece: number, total: number): Promise<{ blocks: number; received: number; corrupt: number; sentWhileStalled: number; allocated: number }> {
    const data = randomBytes(42, total);
    const layout = flatLayout(piece, total);
    const storage: Storage = await createMemoryStorage()([{ path: ['f'], length: data.length, offset: 0 }]);
    await storage.write(0, data);
    const [client, serverConn] = await tcpConnectionPair(cleanup);
    // The lie: a connection that says its writes left at once, so slots are refilled early.
    const conn: Connection = lie ? { ...serverConn, flushed: () => Promise.resolve() } : serverConn;
    const peer = new PeerConnection({ conn, peerId: new Uint8Array(20), reserved: { fast: false, extended: false }, direction: 'in' });
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    let sent = 0;
    const server = new UploadServer({
      storage: () => storage,
      layout: () => layout,
      maxPeerRequests: 1 << 20,
      signal: ac.signal,
      onSent: () => void sent++,
      poolBytes: SLOTS * piece,
      peerUnflushedBytes: 64 << 20, // the pool, not the per-peer cap, is what must hold here
    });
    let blocks = 0;
    for (let i = 0; i < layout.pieceCount; i++) {
      for (let b = 0; b < layout.blocks(i); b++, blocks++) {
        expect(server.enqueue(peer, { index: i, begin: b * BLOCK, length: layout.blockSize(i, b) })).toBe(true);
      }
    }
    // Off the 16 KiB grid (no client sends this, BEP 3 allows it): served from a fresh buffer.
    expect(server.enqueue(peer, { index: 1, begin: 1000, length: 5000 })).toBe(true);
    blocks++;
    // The client reads nothing yet: the socket fills and the server must stall.
    await new Promise((r) => setTimeout(r, 400));
    const sentWhileStalled = sent;
    const result = await receive(client, data, piece, blocks);
    return { ...result, blocks, sentWhileStalled, allocated: server.pool?.allocated ?? 0 };
  }

  it('never refills a slot whose blocks are still waiting in the socket: every byte arrives intact', async () => {
    const r = await run(false, BLOCK, TOTAL);
    expect(r.sentWhileStalled).toBeLessThan(r.blocks); // backpressure: the pool ran out and serving waited
    expect(r.allocated).toBeLessThanOrEqual(SLOTS);
    expect(r.received).toBe(r.blocks);
    expect(r.corrupt).toBe(0);
  }, 60_000);

  it('the same with 64 KiB pieces (several blocks per slot, one pass per slot) and a short last piece', async () => {
    const r = await run(false, 4 * BLOCK, TOTAL - 5000);
    expect(r.sentWhileStalled).toBeLessThan(r.blocks);
    expect(r.allocated).toBeLessThanOrEqual(SLOTS);
    expect(r.received).toBe(r.blocks);
    expect(r.corrupt).toBe(0);
  }, 60_000);

  it('control: a connection that reports writes done too early gets corrupted blocks (the check can fail)', async () => {
    const r = await run(true, BLOCK, TOTAL);
    expect(r.received).toBe(r.blocks);
    expect(r.corrupt).toBeGreaterThan(0);
  }, 60_000);
});
