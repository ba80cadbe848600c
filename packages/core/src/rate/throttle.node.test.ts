/**
 * @module rate/throttle.node.test — a throttled TCP connection keeps the transport's optional
 * capabilities: borrowed reads (reused read buffers) and `flushed`, which must also wait for
 * writes the throttle still holds back (they have not reached the socket yet).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnectionPair } from '../adapters/node/tcp-pair.test-support.js';
import type { Connection } from '../transport/transport.js';
import { createThrottle, throttleConnection } from './throttle.js';

describe('throttleConnection over TCP', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function pair(): Promise<[Connection, Connection]> {
    return tcpConnectionPair(cleanup);
  }

  it('passes borrowReads through: chunks still arrive intact through the down throttle', async () => {
    const [dialled, other] = await pair();
    const t = throttleConnection(dialled, { down: createThrottle(Infinity) });
    expect(t.borrowReads).toBeTypeOf('function');
    expect(t.borrowReads!()).toBe(true);
    const payload = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    void other.write(payload).then(() => other.close());
    let at = 0;
    let bad = 0;
    for await (const chunk of t.readable) {
      for (let k = 0; k < chunk.length; k++) if (chunk[k] !== payload[at + k]) bad++;
      at += chunk.length;
    }
    expect(at).toBe(payload.length);
    expect(bad).toBe(0);
  });

  it('flushed() waits until writes held by the up throttle have reached the socket', async () => {
    const [dialled] = await pair();
    let handed = 0;
    // Count what reaches the real connection (a view of it, not a stand-in).
    const counting: Connection = { ...dialled, write: (d) => (handed++, dialled.write(d)) };
    const t = throttleConnection(counting, { up: createThrottle(200_000, { burstBytes: 16_384 }) });
    expect(t.flushed).toBeTypeOf('function');
    const block = new Uint8Array(16_384);
    const writes = [t.write(block), t.write(block), t.write(block)];
    await t.flushed!();
    expect(handed).toBe(3);
    await Promise.all(writes);
  });

  it('leaves capabilities out when the inner connection has none', async () => {
    const [dialled] = await pair();
    const plain: Connection = { kind: dialled.kind, remoteAddress: dialled.remoteAddress, readable: dialled.readable, closed: dialled.closed, write: (d) => dialled.write(d), close: (e) => dialled.close(e) };
    const t = throttleConnection(plain, {});
    expect(t.borrowReads).toBeUndefined();
    expect(t.flushed).toBeUndefined();
  });
});
