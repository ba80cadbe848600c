/**
 * @module adapters/node/tunnel-wire.node.test — frames written by the wire on a real `ws` client
 * socket (127.0.0.1) are valid client frames (RFC 6455 §5.3): a `ws` server reads the messages
 * byte-identical, every frame is masked with its own non-zero key; frames `ws` writes itself
 * (close) still work; server sockets and closed sockets get no wire.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebSocketLike } from '../../tunnel/websocket.js';
import { nodeTunnelWire } from './tunnel-wire.js';

const handlers = { record: () => undefined, error: () => undefined };
let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of server?.clients ?? []) c.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

/** A ws server on 127.0.0.1 that records the messages and the raw bytes it receives, and a client connected to it. */
async function connected() {
  const messages: Buffer[] = [];
  const raw: Buffer[] = [];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  const serverSide = new Promise<WebSocket>((resolve) =>
    server!.once('connection', (ws) => {
      (ws as unknown as { _socket: NodeJS.EventEmitter })._socket.on('data', (d: Buffer) => raw.push(d));
      ws.on('message', (d: Buffer) => messages.push(d));
      ws.on('error', () => undefined); // a protocol error closes the socket (the close code is checked)
      resolve(ws);
    }),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await within(new Promise((resolve) => client.once('open', resolve)), 10_000);
  return { client, serverWs: await within(serverSide, 10_000), messages, raw };
}

/** Masking keys of the client frames in `bytes` (2-byte, 16-bit or 64-bit lengths, all masked). */
function frameKeys(bytes: Buffer): Buffer[] {
  const keys: Buffer[] = [];
  for (let o = 0; o < bytes.length; ) {
    expect(bytes[o + 1]! & 0x80).toBe(0x80);
    const len7 = bytes[o + 1]! & 0x7f;
    const ext = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const len = ext === 0 ? len7 : ext === 2 ? bytes.readUInt16BE(o + 2) : bytes.readUInt32BE(o + 6);
    keys.push(bytes.subarray(o + 2 + ext, o + 6 + ext));
    o += 6 + ext + len;
  }
  return keys;
}

describe('nodeTunnelWire', () => {
  it('sends each message as one masked frame a ws server reads byte-identical, a fresh non-zero key each', async () => {
    const { client, messages, raw } = await connected();
    const wire = nodeTunnelWire(client as unknown as WebSocketLike, handlers, 1 << 20);
    expect(wire?.reads).toBe(true);
    const sizes = [[5], [4, 70_000, 16], [100, 3, 65_536 - 107], [1], [4, 300_000, 16]];
    const sent = sizes.map((parts) => parts.map((n) => randomBytes(n)));
    const expected = sent.map((parts) => Buffer.concat(parts));
    for (const parts of sent) wire!.send(parts, parts.reduce((a, p) => a + p.length, 0));
    await within(
      (async () => {
        while (messages.length < expected.length) await new Promise((r) => setTimeout(r, 10));
      })(),
      10_000,
    );
    expect(messages.map((m, i) => m.equals(expected[i]!))).toEqual(expected.map(() => true)); // (deep equality of large buffers is slow)
    const keys = frameKeys(Buffer.concat(raw));
    expect(keys).toHaveLength(expected.length);
    for (const k of keys) expect(k.readUInt32BE(0)).not.toBe(0);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(keys.length);
    // The parts were masked in place (handed over): they no longer hold the payload.
    expect(Buffer.concat(sent[1]!).equals(expected[1]!)).toBe(false);
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    client.close(1000, 'done'); // written by ws on the same socket, after our frames
    expect(await within(closed, 10_000)).toBe(1000);
  });

  it('with { unmasked: true } (the relay agreed) sends unmasked frames holding the parts as they are', async () => {
    const { client, raw } = await connected();
    const wire = nodeTunnelWire(client as unknown as WebSocketLike, handlers, 1 << 20, { unmasked: true });
    const parts = [randomBytes(4), randomBytes(70_000), randomBytes(16)];
    const copy = Buffer.concat(parts);
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    wire!.send(parts, copy.length);
    // A ws server fails an unmasked client frame (RFC 6455 §5.1): only the relay, told so, takes them.
    expect(await within(closed, 10_000)).toBe(1002);
    const bytes = Buffer.concat(raw);
    expect(bytes[0]).toBe(0x82); // FIN | binary
    expect(bytes[1]).toBe(127); // no MASK bit, 64-bit length
    expect(bytes.readUInt32BE(6)).toBe(copy.length);
    expect(bytes.subarray(10, 10 + copy.length).equals(copy)).toBe(true);
    expect(Buffer.concat(parts).equals(copy)).toBe(true); // not masked in place either
  });

  it('installs on client sockets only, and only while open', async () => {
    const { client, serverWs } = await connected();
    expect(nodeTunnelWire(serverWs as unknown as WebSocketLike, handlers, 1 << 20)).toBeUndefined();
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.close();
    await within(closed, 10_000);
    expect(nodeTunnelWire(client as unknown as WebSocketLike, handlers, 1 << 20)).toBeUndefined();
  });
});
