/** @module tunnel/tunnel-transport.test — the tunnel Transport passes the core Transport compliance suite through a real tunnel server. */
import { afterAll, beforeAll } from 'vitest';
import { runTransportSuite } from '../../../../packages/core/src/testing/transport-suite.js';
import { createTunnelTransport } from '../../../../packages/core/src/tunnel/index.js';
import { INFO_HASH, NodeWebSocket, startTestRelay, type TestRelay } from './test-support.js';

let relay: TestRelay | undefined;
beforeAll(async () => {
  relay = await startTestRelay({ limits: { circuitRateBytesPerSec: 0, globalRateBytesPerSec: 0, maxCircuitBytes: 0 } });
});
afterAll(async () => {
  await relay?.stop();
});

runTransportSuite({
  name: 'tunnel',
  create: () => createTunnelTransport({ relay: relay!.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'me', timeoutMs: 5000 }),
  listenAddress: 'listener',
  maxBufferedBytes: 16 * 1024 * 1024,
});
