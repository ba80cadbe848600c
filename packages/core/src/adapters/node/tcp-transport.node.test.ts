import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runConnectionSuite } from '../../testing/connection-suite.js';
import { runTransportSuite } from '../../testing/transport-suite.js';
import type { Connection, Listener } from '../../transport/transport.js';
import { createTcpTransport } from './tcp-transport.js';

const listeners: Listener[] = [];

function tcpPair(host: string): () => Promise<[Connection, Connection]> {
  return async () => {
    const transport = createTcpTransport();
    let accept!: (c: Connection) => void;
    const accepted = new Promise<Connection>((r) => (accept = r));
    const listener = await transport.listen(`${host}:0`, accept);
    listeners.push(listener);
    const dialed = await transport.dial(listener.address);
    return [dialed, await accepted];
  };
}
const cleanup = async (): Promise<void> => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
};

runConnectionSuite({ name: 'tcp 127.0.0.1', makePair: tcpPair('127.0.0.1'), cleanup });
runConnectionSuite({ name: 'tcp [::1]', makePair: tcpPair('[::1]'), cleanup });
runTransportSuite({ name: 'tcp', create: () => createTcpTransport(), listenAddress: '127.0.0.1:0', largeTransferBytes: 4 * 1024 * 1024 });

describe('tcp transport', () => {
  it('binds port 0 and reports the real address, IPv4 and IPv6', async () => {
    const t = createTcpTransport();
    const v4 = await t.listen('127.0.0.1:0', () => undefined);
    const v6 = await t.listen('[::1]:0', () => undefined);
    expect(v4.address).toBe(`127.0.0.1:${v4.port}`);
    expect(v6.address).toBe(`[::1]:${v6.port}`);
    expect(v4.port).toBeGreaterThan(0);
    const conn = await t.dial(v6.address);
    expect(conn.kind).toBe('tcp');
    expect(conn.remoteAddress).toBe(`[::1]:${v6.port}`);
    conn.close();
    await Promise.all([v4.close(), v6.close()]);
  });

  it('refuses bad addresses with TRANSPORT_BAD_ADDRESS', async () => {
    const t = createTcpTransport();
    for (const bad of ['127.0.0.1', '::1:80', '[::1]80', '127.0.0.1:70000', 'host:-1', '1.2.3.400:5', '[nope]:1']) {
      await expect(t.dial(bad), bad).rejects.toMatchObject({ code: 'TRANSPORT_BAD_ADDRESS', name: 'TransportError' });
    }
    await expect(t.listen('localhost', () => undefined)).rejects.toMatchObject({ code: 'TRANSPORT_BAD_ADDRESS' });
  });

  it('reports a refused dial as TRANSPORT_DIAL_FAILED with the cause', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await createTcpTransport().dial(`127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TransportError', code: 'TRANSPORT_DIAL_FAILED' });
    expect((err as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('aborts a dial through its AbortSignal', async () => {
    const t = createTcpTransport();
    await expect(t.dial('127.0.0.1:9', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'TRANSPORT_ABORTED' });
  });

  // A listener that never accepts (python3, listen(0)): once its one-slot queue is full the
  // kernel drops further SYNs, so a dial hangs — the only way to make loopback dials wait.
  const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;
  it.skipIf(!hasPython)('times out a dial that gets no answer (TRANSPORT_DIAL_TIMEOUT) and aborts one mid-way', async () => {
    const py = spawn('python3', ['-c', 'import socket,sys\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        py.stdout!.once('data', (d: Uint8Array) => resolve(Number(String(d).trim())));
        setTimeout(() => reject(new Error('python listener did not start')), 10_000);
      });
      const filler = connect({ port, host: '127.0.0.1' }); // takes the only queue slot
      await new Promise((r) => filler.once('connect', r));
      const t = createTcpTransport({ dialTimeoutMs: 300 });
      await expect(t.dial(`127.0.0.1:${port}`)).rejects.toMatchObject({ code: 'TRANSPORT_DIAL_TIMEOUT' });
      const ac = new AbortController();
      const dialing = createTcpTransport({ dialTimeoutMs: 10_000 }).dial(`127.0.0.1:${port}`, { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('user gave up')), 100);
      await expect(dialing).rejects.toMatchObject({ code: 'TRANSPORT_ABORTED' });
      filler.destroy();
    } finally {
      py.kill();
    }
  });

  it('lends reused read buffers to a dialled connection after borrowReads(), bytes intact', async () => {
    const t = createTcpTransport();
    let accept!: (c: Connection) => void;
    const accepted = new Promise<Connection>((r) => (accept = r));
    const l = await t.listen('127.0.0.1:0', accept);
    const dialed = await t.dial(l.address);
    const server = await accepted;
    expect(server.borrowReads?.()).toBe(false); // Node 20's server ignores onread
    expect(dialed.borrowReads?.()).toBe(true);
    const data = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = (i * 2654435761) >>> 24;
    for (let i = 0; i < data.length; i++) data[i] ^= i & 0xff;
    const sending = (async () => {
      for (let off = 0; off < data.length; off += 100_000) await server.write(data.slice(off, off + 100_000));
      server.close();
    })();
    const got = new Uint8Array(data.length);
    let filled = 0;
    let chunks = 0;
    const memories = new Set<ArrayBufferLike>();
    for await (const chunk of dialed.readable) {
      // Copied before the next pull, as the contract asks; the chunk's memory is then reused.
      got.set(chunk, filled);
      filled += chunk.length;
      chunks++;
      memories.add(chunk.buffer);
      if (chunks % 64 === 0) await new Promise((r) => setTimeout(r, 1)); // let some reads queue up
    }
    await sending;
    expect(filled).toBe(data.length);
    expect(Buffer.compare(got, data)).toBe(0);
    expect(chunks).toBeGreaterThan(100);
    // Without reuse every read has its own memory.
    expect(memories.size).toBeLessThan(chunks / 4);
    dialed.close();
    await l.close();
  });

  it('keeps chunks of a dialled connection valid after later pulls without borrowReads()', async () => {
    const t = createTcpTransport();
    let accept!: (c: Connection) => void;
    const accepted = new Promise<Connection>((r) => (accept = r));
    const l = await t.listen('127.0.0.1:0', accept);
    const dialed = await t.dial(l.address);
    const server = await accepted;
    const data = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7 + (i >> 9)) & 0xff);
    void server.write(data).then(() => server.close());
    const chunks: Uint8Array[] = [];
    for await (const chunk of dialed.readable) chunks.push(chunk);
    expect(Buffer.compare(Buffer.concat(chunks), data)).toBe(0);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
    dialed.close();
    await l.close();
  });

  it('refuses to listen on a port in use with TRANSPORT_LISTEN_FAILED', async () => {
    const t = createTcpTransport();
    const l = await t.listen('127.0.0.1:0', () => undefined);
    await expect(t.listen(l.address, () => undefined)).rejects.toMatchObject({ code: 'TRANSPORT_LISTEN_FAILED' });
    await l.close();
  });
});
