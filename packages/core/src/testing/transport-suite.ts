/**
 * @module testing/transport-suite — the compliance suite for a whole Transport (dial + listen):
 * it runs the Connection suite over dialed/accepted pairs and adds listener checks.
 *
 * Checks: the listener reports a dialable address; several connections to one listener stay
 * separate; an aborted dial rejects with `TRANSPORT_ABORTED`; dialing a closed listener rejects
 * with a TransportError (`TRANSPORT_DIAL_FAILED` or, for slow failures, `TRANSPORT_DIAL_TIMEOUT`).
 *
 * @example
 * runTransportSuite({ name: 'tcp', create: () => createTcpTransport(), listenAddress: '127.0.0.1:0' });
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, Listener, Transport } from '../transport/transport.js';
import { runConnectionSuite, withTimeout } from './connection-suite.js';

/** Options of {@link runTransportSuite}. */
export interface TransportSuiteOptions {
  readonly name: string;
  /** A fresh transport (called once per test). */
  create(): Transport;
  /** Where to listen, typically with port 0 (`127.0.0.1:0`). */
  readonly listenAddress: string;
  /** Passed on to the Connection suite (see ConnectionSuiteOptions). */
  readonly maxBufferedBytes?: number;
  readonly largeTransferBytes?: number;
  readonly timeoutMs?: number;
}

/** Registers the Transport compliance tests (including the Connection suite). */
export function runTransportSuite(options: TransportSuiteOptions): void {
  const timeout = options.timeoutMs ?? 20_000;
  const listeners: Listener[] = [];
  const conns: Connection[] = [];

  /** Listens, dials `count` times, and returns [dialed, accepted] pairs matched by order. */
  const connect = async (t: Transport, count: number): Promise<Array<[Connection, Connection]>> => {
    const accepted: Connection[] = [];
    const waiters: Array<() => void> = [];
    const listener = await t.listen(options.listenAddress, (c) => {
      accepted.push(c);
      conns.push(c);
      waiters.shift()?.();
    });
    listeners.push(listener);
    const pairs: Array<[Connection, Connection]> = [];
    for (let i = 0; i < count; i++) {
      const d = await withTimeout(t.dial(listener.address), timeout, 'dial');
      conns.push(d);
      if (accepted.length <= i) await withTimeout(new Promise<void>((r) => waiters.push(r)), timeout, 'accept');
      pairs.push([d, accepted[i]!]);
    }
    return pairs;
  };
  const cleanup = async (): Promise<void> => {
    for (const c of conns.splice(0)) c.close();
    await Promise.all(listeners.splice(0).map((l) => l.close()));
  };

  runConnectionSuite({
    name: `${options.name} (dial/listen)`,
    makePair: async () => (await connect(options.create(), 1))[0]!,
    cleanup,
    ...(options.maxBufferedBytes !== undefined ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
    ...(options.largeTransferBytes !== undefined ? { largeTransferBytes: options.largeTransferBytes } : {}),
    timeoutMs: timeout,
  });

  describe(`Transport compliance: ${options.name}`, () => {
    afterEach(cleanup);

    it('keeps several connections to one listener apart', async () => {
      const pairs = await connect(options.create(), 3);
      // Each dialer says its number; the accepted side must hear exactly that.
      await Promise.all(pairs.map(([d], i) => d.write(Uint8Array.from([i + 1]))));
      for (const [i, [, a]] of pairs.entries()) {
        const it = a.readable[Symbol.asyncIterator]();
        const first = await withTimeout(it.next(), timeout, 'read');
        expect(first.value?.[0]).toBe(i + 1);
      }
      expect(new Set(pairs.map(([, a]) => a)).size).toBe(3);
    });

    it('rejects an aborted dial with TRANSPORT_ABORTED', async () => {
      const t = options.create();
      const [l] = [await t.listen(options.listenAddress, (c) => conns.push(c))];
      listeners.push(l!);
      await expect(t.dial(l!.address, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'TRANSPORT_ABORTED' });
    });

    it('rejects dialing a closed listener with a TransportError', async () => {
      const t = options.create();
      const l = await t.listen(options.listenAddress, (c) => conns.push(c));
      await l.close();
      const err = await withTimeout(
        t.dial(l.address).then(
          (c) => {
            conns.push(c);
            return null;
          },
          (e: unknown) => e,
        ),
        timeout,
        'dial to closed listener',
      );
      expect(err).toMatchObject({ name: 'TransportError' });
      expect(['TRANSPORT_DIAL_FAILED', 'TRANSPORT_DIAL_TIMEOUT']).toContain((err as { code: string }).code);
    });
  });
}
