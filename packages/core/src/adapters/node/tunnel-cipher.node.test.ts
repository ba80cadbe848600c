/**
 * @module adapters/node/tunnel-cipher.node.test — the node:crypto record cipher is byte-for-byte
 * the WebCrypto one: a Node peer and a WebCrypto (browser) peer interoperate, both ways, with
 * coalesced messages; tampering still fails authentication.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerKeyOffer, completeKeyOffer, createKeyOffer } from '../../tunnel/handshake.js';
import { webCryptoCipher } from '../../tunnel/record-cipher.js';
import { SecureConnection, type SecureConnectionOptions } from '../../tunnel/secure-connection.js';
import { SocketPort, type WebSocketLike } from '../../tunnel/websocket.js';
import { nodeTunnelCipher } from './tunnel-cipher.js';

type Listener = (ev: unknown) => void;

/** One end of an in-memory socket pair with asynchronous delivery; `tap` may alter a frame. */
class PipeSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  readyState = 1;
  bufferedAmount = 0;
  peer!: PipeSocket;
  messages = 0;
  tap: (frame: Uint8Array) => void = () => undefined;
  private readonly listeners = new Map<string, Listener[]>();
  addEventListener(type: string, l: (ev: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l as Listener]);
  }
  private emit(type: string, ev: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(ev);
  }
  send(data: string | Uint8Array): void {
    if (this.readyState !== 1 || typeof data === 'string') return;
    const copy = new Uint8Array(data); // a real copy (Buffer#slice would be a view)
    this.messages++;
    this.tap(copy);
    setTimeout(() => this.peer.readyState === 1 && this.peer.emit('message', { data: copy.buffer }), 0);
  }
  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => {
      this.readyState = 3;
      this.peer.readyState = 3;
      this.emit('close', { code, reason });
      this.peer.emit('close', { code, reason });
    }, 0);
  }
}

const ctx = { infoHash: 'ab'.repeat(20), dialerPeerId: 'node', listenerPeerId: 'browser' };

async function pair(a: SecureConnectionOptions, b: SecureConnectionOptions): Promise<{ a: SecureConnection; b: SecureConnection; sa: PipeSocket }> {
  const sa = new PipeSocket();
  const sb = new PipeSocket();
  sa.peer = sb;
  sb.peer = sa;
  const offer = await createKeyOffer();
  const answer = await answerKeyOffer(offer.hello, ctx);
  const ka = await completeKeyOffer(offer, answer.hello, ctx);
  return { a: new SecureConnection(new SocketPort(sa), ka, 'b', a), b: new SecureConnection(new SocketPort(sb), answer.keys, 'a', b), sa };
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
    const plain = randomBytes(1000);
    const fromNode = Buffer.concat([node.seal(2 ** 40 + 7, header, plain)].flat() as Uint8Array[]);
    const fromWeb = (await web.seal(2 ** 40 + 7, header, plain)) as Uint8Array;
    expect(Buffer.from(fromWeb).equals(fromNode)).toBe(true);
    expect(Buffer.from(node.open(2 ** 40 + 7, header, fromWeb) as Uint8Array).equals(plain)).toBe(true);
    expect(() => node.open(2 ** 40 + 8, header, fromWeb)).toThrow(); // wrong counter
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
    expect(sa.messages).toBeLessThan(16); // 48+ records of DATA, far fewer messages
  });

  it('thousands of tiny writes in one turn (one message of many records) arrive in order', async () => {
    const { a, b, sa } = await pair({ cipher: nodeTunnelCipher, maxMessageBytes: 1024 * 1024 + 1024 }, { cipher: nodeTunnelCipher });
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 3000; i++) writes.push(a.write(new Uint8Array([i & 0xff, i >> 8])));
    const got = await readAll(b, 6000);
    await Promise.all(writes);
    expect(got.length).toBe(6000);
    for (let i = 0; i < 3000; i++) expect(got.readUInt16LE(2 * i)).toBe(i);
    expect(sa.messages).toBeLessThan(10);
  });

  it('a tampered record received by the Node cipher is DECRYPT_FAILED', async () => {
    const { a, b, sa } = await pair({}, { cipher: nodeTunnelCipher });
    let n = 0;
    sa.tap = (frame) => {
      if (++n === 3) frame[frame.length - 1]! ^= 1;
    };
    // Attach the expectation before writing: the reader can fail while the write is pending,
    // and a rejection without a handler by then is reported as unhandled.
    const reading = expect(readAll(b)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await a.write(randomBytes(400_000)).catch(() => undefined);
    await reading;
  });
});
