/** @module tunnel/test-support — test helpers: a tunnel server on 127.0.0.1:0 and payload generators. */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createTunnelServer, type TunnelServer, type TunnelServerOptions } from './tunnel-server.js';
import type { TunnelWebSocketConstructor as WebSocketConstructor } from '../../../../packages/core/src/tunnel/index.js';

/** `ws` as the tunnel client's WebSocket constructor. */
export const NodeWebSocket: WebSocketConstructor = WebSocket;

/** A running tunnel server and its base URL. */
export interface TestRelay {
  url: string;
  tunnel: TunnelServer;
  server: Server;
  stop(): Promise<void>;
}

/** Starts a node:http server on 127.0.0.1, port 0, whose `/tunnel` upgrades go to a tunnel server. */
export async function startTestRelay(options: TunnelServerOptions = {}): Promise<TestRelay> {
  const tunnel = createTunnelServer(options);
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.split('?')[0] === '/tunnel') tunnel.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnel,
    server,
    async stop() {
      await tunnel.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 40-hex info-hash. */
export const INFO_HASH = 'ab'.repeat(20);

/**
 * A deterministic-per-run payload: `total` bytes in `chunk`-sized pieces, each a random block
 * with its index stamped in and `marker` written every 4 KiB; hashed as produced.
 */
export function* payload(total: number, chunk: number, marker: Uint8Array): Generator<Uint8Array> {
  const base = randomBytes(chunk);
  for (let o = 0; o + marker.length <= chunk; o += 4096) base.set(marker, o + 64);
  for (let sent = 0, i = 0; sent < total; i++) {
    const n = Math.min(chunk, total - sent);
    const b = Buffer.from(base.subarray(0, n));
    b.writeUInt32BE(i, 0);
    sent += n;
    yield b;
  }
}

/** Writes every chunk of `gen` (awaiting backpressure) and returns the SHA-256 hex of what was sent. */
export async function sendAll(write: (b: Uint8Array) => Promise<void>, gen: Iterable<Uint8Array>): Promise<string> {
  const h = createHash('sha256');
  for (const b of gen) {
    h.update(b);
    await write(b);
  }
  return h.digest('hex');
}

/** Reads `readable` to its end (or until `limit` bytes) and returns SHA-256 hex and byte count. */
export async function hashAll(readable: AsyncIterable<Uint8Array>, limit = Infinity): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of readable) {
    h.update(c);
    bytes += c.length;
    if (bytes >= limit) break;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** Rejects after `ms` with a message, for racing waits in tests. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A `ws` constructor whose sockets come from another loopback address (a second "client IP"). */
export function wsFrom(localAddress: string): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { localAddress });
    }
  };
}

/** Sends raw frames on a fresh `/tunnel` socket; resolves with the text replies and the close code. */
export async function rawExchange(url: string, frames: Array<string | Uint8Array>, ms = 5000): Promise<{ replies: string[]; code: number }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/tunnel`);
  const replies: string[] = [];
  ws.on('message', (d, isBinary) => {
    if (!isBinary) replies.push(d.toString());
  });
  await within(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)), ms, 'raw open');
  for (const f of frames) ws.send(f);
  const code = await within(new Promise<number>((resolve) => ws.once('close', (c) => resolve(c))), ms, 'raw close');
  return { replies, code };
}

/** Polls `cond` every 20 ms until true; rejects after `ms`. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
