/**
 * @module adapters/node/tcp-pair.test-support — two ends of one real loopback TCP connection,
 * for tests that need a socket with real backpressure (no in-memory stand-in).
 */
import type { Connection } from '../../transport/transport.js';
import { createTcpTransport } from './tcp-transport.js';

/** Closes what a pair opened; tests run these in `afterEach`. */
export type Cleanup = () => void | Promise<void>;

/**
 * Listens on 127.0.0.1 (port 0), dials it, and returns `[dialled, accepted]`. Closing both ends
 * and the listener is pushed onto `cleanup`.
 */
export async function tcpConnectionPair(cleanup: Cleanup[]): Promise<[Connection, Connection]> {
  const tcp = createTcpTransport();
  let accepted!: (c: Connection) => void;
  const inbound = new Promise<Connection>((resolve) => (accepted = resolve));
  const listener = await tcp.listen('127.0.0.1:0', (c) => accepted(c));
  cleanup.push(() => listener.close());
  const dialled = await tcp.dial(`127.0.0.1:${listener.port}`);
  const other = await inbound;
  cleanup.push(() => {
    dialled.close();
    other.close();
  });
  return [dialled, other];
}
