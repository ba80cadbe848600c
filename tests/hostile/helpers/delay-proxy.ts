/**
 * @module hostile/helpers/delay-proxy — a TCP proxy on 127.0.0.1 that connects to its target
 * only `delayMs` after a client arrives, so a hostile peer is sure to be asked before the
 * honest one behind the proxy.
 */
import { connect, createServer, type Socket } from 'node:net';

/** Start the proxy; resolves with its port and a close function. */
export async function delayProxy(targetPort: number, delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const server = createServer((client) => {
    sockets.push(client);
    client.pause();
    client.on('error', () => undefined);
    timers.push(
      setTimeout(() => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.push(upstream);
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      }, delayMs),
    );
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', () => res()));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}
