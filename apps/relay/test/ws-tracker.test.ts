/** @module test/ws-tracker.test — the WebSocket tracker suite against our relay and the reference. */
import Server from 'bittorrent-tracker/server';
import { startRelay } from '../src/relay.js';
import { runWsTrackerSuite } from './ws-tracker-suite.js';

runWsTrackerSuite('seedling relay', async () => {
  const relay = await startRelay({ port: 0, host: '127.0.0.1' });
  return { wsUrl: `ws://127.0.0.1:${relay.port}/announce`, close: () => relay.close() };
});

runWsTrackerSuite('bittorrent-tracker (reference)', async () => {
  const server = new Server({ udp: false, http: false, ws: true, stats: false });
  server.on('warning', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.http.address() as { port: number }).port;
  return { wsUrl: `ws://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
});
