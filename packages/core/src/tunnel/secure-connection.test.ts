/**
 * @module tunnel/secure-connection.test — the encrypted stream over an in-memory socket pair:
 * flow control bounds what a writer can push, and a hostile or lying peer gets typed errors.
 */
import { describe, expect, it } from 'vitest';
import { GCM_TAG_BYTES, RecordType, parseRecords, recordNonce, writeRecordHeader } from './record.js';
import { SecureConnection, INITIAL_WINDOW_BYTES } from './secure-connection.js';
import { memoryWebSocketPair, tunnelKeyPair, type MemoryWebSocket } from './memory-websocket.test-support.js';
import { SocketPort } from './websocket.js';

const keys = () => tunnelKeyPair({ infoHash: 'cd'.repeat(20), dialerPeerId: 'd', listenerPeerId: 'l' });

async function connections(windowBytes = INITIAL_WINDOW_BYTES): Promise<{ a: SecureConnection; b: SecureConnection; sa: MemoryWebSocket; sb: MemoryWebSocket }> {
  const [sa, sb] = memoryWebSocketPair();
  const [ka, kb] = await keys();
  const a = new SecureConnection(new SocketPort(sa), ka, 'b', { windowBytes });
  const b = new SecureConnection(new SocketPort(sb), kb, 'a', { windowBytes });
  return { a, b, sa, sb };
}

const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function readN(conn: SecureConnection, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let o = 0;
  for await (const c of conn.readable) {
    out.set(c, o);
    o += c.length;
    if (o >= n) break;
  }
  return out;
}

describe('SecureConnection', () => {
  it('a writer cannot run further ahead than the reader’s window; reading releases it', async () => {
    const { a, b, sa } = await connections(INITIAL_WINDOW_BYTES);
    const data = new Uint8Array(2 * 1024 * 1024).map((_, i) => i * 7);
    let written = false;
    const write = a.write(data).then(() => (written = true));
    await settle(200);
    expect(written).toBe(false);
    // plaintext in flight ≤ window; framing adds 20 bytes per 64 KiB record
    expect(sa.sentBytes).toBeLessThanOrEqual(INITIAL_WINDOW_BYTES + 64 * 20);
    expect(sa.sentBytes).toBeGreaterThan(INITIAL_WINDOW_BYTES / 2);
    const got = await readN(b, data.length);
    await write;
    expect(got.length).toBe(data.length);
    expect(got.every((v, i) => v === data[i])).toBe(true);
  });

  it('a peer that ignores the window is cut off with PROTOCOL_ERROR', async () => {
    const [sa, sb] = memoryWebSocketPair();
    const [ka, kb] = await keys();
    const b = new SecureConnection(new SocketPort(sb), kb, 'a', { windowBytes: INITIAL_WINDOW_BYTES });
    for (let i = 0; i < 5; i++) {
      const plain = new Uint8Array(64 * 1024);
      const frame = new Uint8Array(4 + plain.length + GCM_TAG_BYTES);
      writeRecordHeader(frame, 0, RecordType.DATA, plain.length + GCM_TAG_BYTES);
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: recordNonce(i), additionalData: frame.subarray(0, 4) }, ka.sendKey, plain);
      frame.set(new Uint8Array(ct), 4);
      sa.send(frame);
    }
    await settle(); // all five arrive before anything is read (reading would grant more credit)
    await expect(readN(b, 10 * 64 * 1024)).rejects.toMatchObject({ name: 'TunnelError', code: 'PROTOCOL_ERROR' });
  });

  it('a dropped record (reordering, replay or loss) is DECRYPT_FAILED', async () => {
    const { a, b, sa } = await connections();
    sa.rewrite = (f, n) => (n === 1 ? [] : [f]); // drop the second frame
    await a.write(new Uint8Array(200 * 1024));
    await expect(readN(b, 200 * 1024)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('a socket closed without the peer’s FIN is TRUNCATED, not a clean end', async () => {
    const { a, b, sa } = await connections();
    await a.write(new Uint8Array(1000).fill(1));
    await settle();
    sa.close(1000, 'bye');
    await expect(readN(b, 2000)).rejects.toMatchObject({ code: 'TRUNCATED' });
    await b.closed;
  });

  it('close() sends FIN: the peer reads everything, then a clean end; later writes reject with CLOSED', async () => {
    const { a, b } = await connections();
    const data = new Uint8Array(300_000).map((_, i) => i);
    const writing = a.write(data).then(() => a.close());
    const chunks: Uint8Array[] = [];
    for await (const c of b.readable) chunks.push(c);
    await writing;
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(data.length);
    await Promise.all([a.closed, b.closed]);
    await expect(a.write(data)).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(b.write(data)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('small writes made in one turn share one DATA record; a large write keeps its place in the stream', async () => {
    const { a, b, sa } = await connections();
    let dataRecords = 0;
    sa.rewrite = (frame) => {
      dataRecords += parseRecords(frame).filter((r) => r.type === RecordType.DATA).length;
      return [frame];
    };
    const expected: number[] = [];
    const writes: Promise<void>[] = [];
    const put = (bytes: Uint8Array): void => {
      expected.push(...bytes);
      writes.push(a.write(bytes));
    };
    const tiny = new Uint8Array(13);
    for (let i = 0; i < 1000; i++) put(tiny.fill(i & 0xff)); // reused at once, as a caller may
    put(new Uint8Array(20_000).map((_, i) => i * 3));
    for (let i = 0; i < 500; i++) put(new Uint8Array([i & 0xff, 7, 7]));
    await Promise.all(writes);
    const got = await readN(b, expected.length);
    expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
    expect(dataRecords).toBe(3); // 13,000 bytes of tiny writes | the 20,000-byte write | 1,500 bytes
  });

  it('sends records as large as the peer announced (1 MiB, 256 KiB from an older peer, 64 KiB from one that said nothing); all arrive intact', async () => {
    for (const peerMax of [1024 * 1024, 256 * 1024, 64 * 1024]) {
      const [sa, sb] = memoryWebSocketPair();
      const [ka, kb] = await keys();
      const maxMessageBytes = 1024 * 1024 + 1024;
      const a = new SecureConnection(new SocketPort(sa), { ...ka, peerMaxRecordPlaintext: peerMax }, 'b', { maxMessageBytes, windowBytes: 4 * 1024 * 1024 });
      const b = new SecureConnection(new SocketPort(sb), kb, 'a', { maxMessageBytes, windowBytes: 4 * 1024 * 1024 });
      let dataRecords = 0;
      let largest = 0;
      sa.rewrite = (frame) => {
        for (const r of parseRecords(frame, 1024 * 1024 + GCM_TAG_BYTES)) {
          if (r.type !== RecordType.DATA) continue;
          dataRecords++;
          largest = Math.max(largest, r.body.length - GCM_TAG_BYTES);
        }
        return [frame];
      };
      // 2 MiB: the first record may be cut to the implicit 256 KiB credit (the WINDOW grant is in flight).
      const data = new Uint8Array(2 * 1024 * 1024).map((_, i) => i * 13);
      await a.write(data);
      const got = await readN(b, data.length);
      expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
      expect(largest).toBe(peerMax);
      expect(dataRecords).toBeGreaterThanOrEqual(data.length / peerMax);
      expect(dataRecords).toBeLessThanOrEqual(data.length / peerMax + 1);
    }
  });

  it('close(err) surfaces err to a pending reader', async () => {
    const { a } = await connections();
    const reading = readN(a, 10);
    const boom = new Error('boom');
    a.close(boom);
    await expect(reading).rejects.toBe(boom);
  });
});
