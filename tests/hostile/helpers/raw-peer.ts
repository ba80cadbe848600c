/**
 * @module hostile/helpers/raw-peer — a scripted BitTorrent peer speaking raw BEP 3 over
 * node:net, for playing hostile parts against a real `seedling` process: it frames and parses
 * messages itself (no Seedling code), so it can send anything a real attacker could.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** BEP 3 message ids used by the scripts. */
export const Id = { choke: 0, unchoke: 1, interested: 2, notInterested: 3, have: 4, bitfield: 5, request: 6, piece: 7, cancel: 8, extended: 20 } as const;

/** A BEP 3 handshake for `infoHash` (hex) with a fixed hostile peer id; `extended` sets the BEP 10 bit. */
export function handshake(infoHashHex: string, peerId = '-HX0001-hostilepeer1', extended = false): Buffer {
  const b = Buffer.alloc(68);
  b[0] = 19;
  b.write('BitTorrent protocol', 1, 'latin1');
  if (extended) b[25] = 0x10;
  Buffer.from(infoHashHex, 'hex').copy(b, 28);
  b.write(peerId.padEnd(20, 'x').slice(0, 20), 48, 'latin1');
  return b;
}

/** One framed message: length prefix, id, payload. */
export function frame(id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(5 + payload.length);
  b.writeUInt32BE(1 + payload.length, 0);
  b[4] = id;
  payload.copy(b, 5);
  return b;
}

/** A request (or cancel) payload. */
export function blockRef(index: number, begin: number, length: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(index, 0);
  b.writeUInt32BE(begin, 4);
  b.writeUInt32BE(length, 8);
  return b;
}

/** A full bitfield for `pieceCount` pieces (spare bits zero). */
export function fullBitfield(pieceCount: number): Buffer {
  const b = Buffer.alloc(Math.ceil(pieceCount / 8));
  for (let i = 0; i < pieceCount; i++) b[i >> 3]! |= 0x80 >> (i & 7);
  return b;
}

/** A raw connection: collects the peer's handshake and messages as they arrive. */
export class RawConn {
  readonly socket: Socket;
  theirHandshake: Buffer | null = null;
  closed = false;
  bytesIn = 0;
  private buf = Buffer.alloc(0);
  private readonly listeners: ((id: number, payload: Buffer) => void)[] = [];

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.bytesIn += d.length;
      this.buf = Buffer.concat([this.buf, d]);
      this.parse();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  /** Call `fn` for every message (id, payload) received from now on. */
  onMessage(fn: (id: number, payload: Buffer) => void): void {
    this.listeners.push(fn);
  }

  /** Write raw bytes (ignored once closed). */
  send(bytes: Buffer): boolean {
    if (this.closed || this.socket.destroyed) return false;
    return this.socket.write(bytes);
  }

  private parse(): void {
    if (!this.theirHandshake) {
      if (this.buf.length < 68) return;
      this.theirHandshake = this.buf.subarray(0, 68);
      this.buf = this.buf.subarray(68);
    }
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) return;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      if (len > 0) for (const fn of this.listeners) fn(body[0]!, body.subarray(1));
    }
  }
}

/** A listening hostile peer; `script` runs for every accepted connection. */
export async function listenRaw(script: (c: RawConn) => void): Promise<{ server: Server; port: number; conns: RawConn[]; close: () => Promise<void> }> {
  const conns: RawConn[] = [];
  const server = createServer((s) => {
    const c = new RawConn(s);
    conns.push(c);
    script(c);
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', () => res()));
  const port = (server.address() as { port: number }).port;
  const close = async (): Promise<void> => {
    for (const c of conns) c.socket.destroy();
    await new Promise<void>((res) => server.close(() => res()));
  };
  return { server, port, conns, close };
}

/** Dial a peer; resolves once connected. */
export function dialRaw(port: number, timeoutMs = 5000): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`dial 127.0.0.1:${port} timed out`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(new RawConn(s));
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
