/**
 * @module adapters/node/tunnel-cipher.node.test — the node:crypto record cipher is byte-for-byte
 * the WebCrypto one: a Node peer and a WebCrypto (browser) peer interoperate, both ways, with
 * coalesced messages; tampering still fails authentication.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webCryptoCipher } from '../../tunnel/record-cipher.js';
import { SecureConnection, type SecureConnectionOptions } from '../../tunnel/secure-connection.js';
import { memoryWebSocketPair, tunnelKeyPair, type MemoryWebSocket } from '../../tunnel/memory-websocket.test-support.js';
import { SocketPort } from '../../tunnel/websocket.js';
import { nodeTunnelCipher } from './tunnel-cipher.js';

async function pair(a: SecureConnectionOptions, b: SecureConnectionOptions): Promise<{ a: SecureConnection; b: SecureConnection; sa: MemoryWebSocket }> {
  const [sa, sb] = memoryWebSocketPair();
  const [ka, kb] = await tunnelKeyPair({ infoHash: 'ab'.repeat(20), dialerPeerId: 'node', listenerPeerId: 'browser' });
  return { a: new SecureConnection(new SocketPort(sa), ka, 'b', a), b: new SecureConnection(new SocketPort(sb), kb, 'a', b), sa };
}

async function readAll(conn: SecureConnection, limit = Infinity): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of conn.readable) {
    chunks.push(c);
    if ((n += c.length) >= limit) break;
  }
  return Buffer.concat(chunks);
}

describe('nodeTunnelCipher', () => {
  it('seals exactly the bytes WebCrypto seals, and opens what WebCrypto sealed', async () => {
    const key = randomBytes(32);
    const web = webCryptoCipher(await crypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']));
    const node = nodeTunnelCipher(key);
    const header = new Uint8Array([1, 0, 1, 16]);
    // 1000 bytes: one update; 262144 and 100_000: sealed in 32 KiB updates (whole and a partial last one), opened whole
    for (const size of [1000, 262_144, 100_000]) {
      const plain = randomBytes(size);
      const sealed = [node.seal(2 ** 40 + 7, header, plain)].flat() as Uint8Array[];
      expect(sealed.length).toBe(Math.ceil(size / 32_768) + 1); // the ciphertext pieces, then the tag
      const fromNode = Buffer.concat(sealed);
      const fromWeb = (await web.seal(2 ** 40 + 7, header, plain)) as Uint8Array;
      expect(Buffer.from(fromWeb).equals(fromNode)).toBe(true);
      expect(Buffer.from(node.open(2 ** 40 + 7, header, fromWeb) as Uint8Array).equals(plain)).toBe(true);
      expect(Buffer.concat(node.openPieces!(2 ** 40 + 7, header, [fromNode])).equals(plain)).toBe(true);
      expect(() => node.open(2 ** 40 + 8, header, fromWeb)).toThrow(); // wrong counter
    }
  });

  it('opens a body given as pieces (the tag split across them) to the same plaintext, and nothing when tampered', () => {
    const node = nodeTunnelCipher(randomBytes(32));
    const header = new Uint8Array([1, 0, 3, 0]);
    const plain = randomBytes(70_000);
    const body = Buffer.concat([node.seal(9, header, plain)].flat() as Uint8Array[]);
    for (const cuts of [[], [1], [65_536], [body.length - 10], [body.length - 16], [body.length - 17, body.length - 3], [5, 900, 70_000]]) {
      const pieces = [0, ...cuts, body.length].slice(1).map((end, i, ends) => body.subarray(i === 0 ? 0 : ends[i - 1], end));
      expect(Buffer.concat(node.openPieces!(9, header, pieces)).equals(plain)).toBe(true);
    }
    const bad = Buffer.from(body);
    bad[bad.length - 1]! ^= 1;
    expect(() => node.openPieces!(9, header, [bad.subarray(0, 100), bad.subarray(100)])).toThrow();
    expect(() => node.openPieces!(10, header, [body])).toThrow(); // wrong counter
    expect(() => node.openPieces!(9, header, [body.subarray(0, 10)])).toThrow(); // shorter than its tag
  });

  it('a Node peer and a WebCrypto peer talk both ways; Node coalesces records into large messages', async () => {
    const { a, b, sa } = await pair({ cipher: nodeTunnelCipher, maxMessageBytes: 1024 * 1024 + 1024 }, { maxMessageBytes: 1024 * 1024 + 1024 });
    const toB = randomBytes(3 * 1024 * 1024 + 5);
    const toA = randomBytes(700_000);
    const readingB = readAll(b, toB.length);
    const readingA = readAll(a, toA.length);
    await Promise.all([a.write(toB), b.write(toA)]);
    const [gotB, gotA] = [await readingB, await readingA];
    a.close();
    expect([gotB.length, gotA.length]).toEqual([toB.length, toA.length]);
    expect(gotB.equals(toB)).toBe(true);
    expect(gotA.equals(toA)).toBe(true);
    expect(sa.frames).toBeLessThan(16); // 48+ records of DATA, far fewer messages
  });

  it('thousands of tiny writes in one turn (one message of many records) arrive in order', async () => {
    const { a, b, sa } = await pair({ cipher: nodeTunnelCipher, maxMessageBytes: 1024 * 1024 + 1024 }, { cipher: nodeTunnelCipher });
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 3000; i++) writes.push(a.write(new Uint8Array([i & 0xff, i >> 8])));
    const got = await readAll(b, 6000);
    await Promise.all(writes);
    expect(got.length).toBe(6000);
    for (let i = 0; i < 3000; i++) expect(got.readUInt16LE(2 * i)).toBe(i);
    expect(sa.frames).toBeLessThan(10);
  });

  it('a tampered record received by the Node cipher is DECRYPT_FAILED', async () => {
    const { a, b, sa } = await pair({}, { cipher: nodeTunnelCipher });
    sa.rewrite = (frame, n) => {
      if (n === 2) frame[frame.length - 1]! ^= 1; // the third frame
      return [frame];
    };
    // Attach the expectation before writing: the reader can fail while the write is pending,
    // and a rejection without a handler by then is reported as unhandled.
    const reading = expect(readAll(b)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await a.write(randomBytes(400_000)).catch(() => undefined);
    await reading;
  });
});
