import { describe, expect, it } from 'vitest';
import { runConnectionSuite } from '../testing/connection-suite.js';
import { runTransportSuite } from '../testing/transport-suite.js';
import { createMemoryConnectionPair, createMemoryNetwork, createMemoryTransport } from './memory-transport.js';

runConnectionSuite({ name: 'memory', makePair: async () => createMemoryConnectionPair() });
runConnectionSuite({ name: 'memory, 7-byte chunks', makePair: async () => createMemoryConnectionPair({ chunkSize: 7 }), largeTransferBytes: 2 * 1024 * 1024 });
runConnectionSuite({ name: 'memory, 2 ms latency, 1000-byte chunks', makePair: async () => createMemoryConnectionPair({ latencyMs: 2, chunkSize: 1000 }) });

describe('memory transport', () => {
  it('splits writes into chunkSize pieces', async () => {
    const [a, b] = createMemoryConnectionPair({ chunkSize: 3 });
    await a.write(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]));
    a.close();
    const sizes: number[] = [];
    for await (const c of b.readable) sizes.push(c.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('dials listeners on a shared network and refuses unknown addresses', async () => {
    const network = createMemoryNetwork();
    const t = createMemoryTransport({ network });
    const accepted: string[] = [];
    const listener = await t.listen('peer:0', (conn) => {
      accepted.push(conn.remoteAddress);
      void conn.write(new TextEncoder().encode('hi'));
    });
    expect(listener.address).toMatch(/^peer:\d+$/);
    const conn = await t.dial(listener.address);
    const it = conn.readable[Symbol.asyncIterator]();
    expect(new TextDecoder().decode((await it.next()).value)).toBe('hi');
    expect(accepted).toHaveLength(1);
    await listener.close();
    await expect(t.dial(listener.address)).rejects.toMatchObject({ code: 'TRANSPORT_DIAL_FAILED' });
    await expect(t.dial('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'TRANSPORT_ABORTED' });
  });
});

runTransportSuite({ name: 'memory transport', create: () => createMemoryTransport({ network: createMemoryNetwork(), chunkSize: 1500 }), listenAddress: 'node:0', largeTransferBytes: 4 * 1024 * 1024 });
