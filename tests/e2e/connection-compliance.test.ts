/**
 * @module e2e/connection-compliance.test — the Connection compliance suite from
 * `@seedling/core/testing` against the two relay-era transports as built: WebRTC data channels
 * (node-datachannel pairs on 127.0.0.1; receive backpressure skipped, a W3C data channel cannot
 * pause receiving) and end-to-end encrypted tunnels through a real `seedling-relay` process.
 */
import { WebSocket } from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { acceptWebRtcOffer, createWebRtcOffer, dialViaRelay, retryAnswerRace, listenViaRelay, type Connection, type RelayReservation, type RtcPeerConnectionConstructor, type TunnelWebSocketConstructor } from '../../packages/core/dist/index.js';
import { loadNodeRTCPeerConnection, nodeTunnelCipher } from '../../packages/core/dist/adapters/node/index.js';
import { runConnectionSuite } from '../../packages/core/dist/testing/index.js';
import { startRelay } from './helpers/fixtures.js';
import { killAll, type Proc } from './helpers/processes.js';

let PC: RtcPeerConnectionConstructor;
let relay: { proc: Proc; url: string };
const reservations: RelayReservation[] = [];

beforeAll(async () => {
  PC = await loadNodeRTCPeerConnection({ bindAddress: '127.0.0.1' });
  relay = await startRelay();
});

afterAll(async () => {
  for (const r of reservations.splice(0)) r.close();
  await killAll();
});

runConnectionSuite({
  name: 'webrtc (node-datachannel, loopback)',
  receiveBackpressure: false,
  largeTransferBytes: 4 * 1024 * 1024,
  async makePair(): Promise<[Connection, Connection]> {
    // libdatachannel as offerer sometimes loses a valid answer to its known race
    // (webrtc/answer-race.ts, docs/webrtc.md). The swarm replaces that peer's offer at its next
    // announce; a pair for the suite is negotiated again (logged), for that failure only.
    return retryAnswerRace(async () => {
      const offer = await createWebRtcOffer({ RTCPeerConnection: PC });
      const answer = await acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp: offer.sdp });
      try {
        return await Promise.all([offer.accept(answer.sdp), answer.connection]);
      } catch (err) {
        answer.cancel();
        offer.cancel();
        throw err;
      }
    });
  },
});

let n = 0;
runConnectionSuite({
  name: 'tunnel (seedling-relay process)',
  largeTransferBytes: 4 * 1024 * 1024,
  async makePair(): Promise<[Connection, Connection]> {
    const peerId = `listener-${++n}`;
    const infoHash = 'ab'.repeat(20);
    const WS = WebSocket as unknown as TunnelWebSocketConstructor;
    let accepted!: (c: Connection) => void;
    const inbound = new Promise<Connection>((res) => (accepted = res));
    reservations.push(await listenViaRelay({ relay: relay.url, WebSocket: WS, infoHash, peerId, cipher: nodeTunnelCipher, onConnection: (c) => accepted(c) }));
    const dialer = await dialViaRelay({ relay: relay.url, WebSocket: WS, infoHash, localPeerId: `dialer-${n}`, remotePeerId: peerId, cipher: nodeTunnelCipher });
    return [dialer, await inbound];
  },
  async cleanup() {
    for (const r of reservations.splice(0)) r.close();
  },
});
