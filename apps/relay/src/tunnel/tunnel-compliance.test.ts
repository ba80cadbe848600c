/** @module tunnel/tunnel-compliance.test — tunnel connections pass the core Connection compliance suite, through a real tunnel server. */
import { runConnectionSuite } from '../../../../packages/core/src/testing/connection-suite.js';
import { dialViaRelay, listenViaRelay, type RelayReservation, type SecureConnection } from '../../../../packages/core/src/tunnel/index.js';
import { INFO_HASH, NodeWebSocket, startTestRelay, within, type TestRelay } from './test-support.js';

let relay: TestRelay | undefined;
let reservation: RelayReservation | undefined;

runConnectionSuite({
  name: 'tunnel through a tunnel server on 127.0.0.1',
  maxBufferedBytes: 16 * 1024 * 1024,
  async makePair() {
    relay = await startTestRelay({ limits: { circuitRateBytesPerSec: 0, globalRateBytesPerSec: 0, maxCircuitBytes: 0 } });
    let inbound!: (c: SecureConnection) => void;
    const accepted = new Promise<SecureConnection>((resolve) => (inbound = resolve));
    reservation = await listenViaRelay({ relay: relay.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'listener', onConnection: inbound });
    const dialer = await dialViaRelay({ relay: relay.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'dialer', remotePeerId: 'listener' });
    return [dialer, await within(accepted, 10_000, 'inbound')];
  },
  async cleanup() {
    reservation?.close();
    await relay?.stop();
    relay = undefined;
  },
});
