/**
 * @module test/webrtc-race-reannounce — a CLI seeder whose offer loses libdatachannel's answer
 * race (`WEBRTC_ANSWER_RACE`) re-announces with fresh offers within seconds instead of at the
 * tracker's interval (120 s for a seeder), and keeps doing so at most once per 3 s however often
 * the remote's answers fail (lib/webrtc-race-reannounce.ts). Real relay process, real CLI
 * process, real WebSocket, real node-datachannel on both ends: the remote answers every offer
 * with an answer whose DTLS fingerprint is wrong, so the CLI's DTLS fails moments after it
 * applied the answer, which its offer reports as the race (core webrtc/answer-race.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  acceptWebRtcOffer,
  isLoopbackCandidate,
  parseMagnet,
  WsTrackerClient,
  type IncomingOffer,
  type WebRtcAnswer,
  type WebSocketConstructor,
} from '@seedling/core';
import { loadNodeRTCPeerConnection } from '@seedling/core/node';
import { kill, waitForEvent, waitUntil, type Proc } from '../../../tests/e2e/helpers/processes.js';
import { cliProcess, startRelaySeeder } from '../../../tests/e2e/helpers/relay-cli.js';
import { useSharedRelay } from '../../../tests/e2e/helpers/shared-relay.js';
import { cleanupNodeDataChannel } from '../src/lib/webrtc-cleanup.js';

const relay = useSharedRelay();

/** `sdp` with one hex digit of its DTLS fingerprint changed. */
function wrongFingerprint(sdp: string): string {
  return sdp.replace(/(a=fingerprint:\S+ )([0-9A-Fa-f])/, (_, head: string, digit: string) => head + (digit.toUpperCase() === 'A' ? 'B' : 'A'));
}

afterEach(async () => {
  await cleanupNodeDataChannel();
});

describe('an offer lost to the answer race', () => {
  it('brings fresh offers within seconds, at most one announce per 3 s while every answer fails', async () => {
    // Learn the torrent's info hash, then restart the seeder once the remote is in the swarm, so
    // that the seeder's first announce carries offers to it.
    const first = await startRelaySeeder(relay.url, 256 * 1024, ['--transport', 'webrtc']);
    await kill(first.proc);
    const magnet = parseMagnet(first.magnet);
    const infoHash = magnet.infoHashV1 ?? magnet.infoHashV2!.subarray(0, 20);

    const PC = await loadNodeRTCPeerConnection({ bindAddress: '127.0.0.1' });
    const offersAt: number[] = [];
    const answers: WebRtcAnswer[] = [];
    const client = new WsTrackerClient({
      url: `${relay.url.replace(/^http/, 'ws')}/announce`,
      peerId: crypto.getRandomValues(new Uint8Array(20)),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      onOffer: (o: IncomingOffer) => {
        offersAt.push(Date.now());
        void acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp: o.offer.sdp, localCandidateFilter: isLoopbackCandidate, connectTimeoutMs: 5000 }).then(
          (a) => {
            answers.push(a);
            client.sendAnswer({ infoHash: o.infoHash, toPeerId: o.peerId, offerId: o.offerId, answer: { type: 'answer', sdp: wrongFingerprint(a.sdp) } });
          },
          () => undefined,
        );
      },
    });
    let seeder: Proc | undefined;
    try {
      await client.announce({ infoHash, event: 'started', offers: [], left: 1, uploaded: 0, downloaded: 0 });
      seeder = cliProcess(['seed', join(first.dir, 'data.bin'), '--relay', relay.url, '--transport', 'webrtc']);
      await waitForEvent(seeder, 'ready', 60_000);
      await waitUntil(() => offersAt.length > 0, 30_000, 'the first offers');
      const start = offersAt[0]!;
      // Without the early re-announce the next offers come with the seeder's next announce, 120 s on.
      const WINDOW_MS = 20_000;
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      const announces = bursts(offersAt.filter((t) => t < start + WINDOW_MS));
      const warnings = seeder.events.filter((e) => e.event === 'warning').map((e) => String(e.message));
      // The seeder saw its offers fail as the race (not as a timeout or another failure).
      expect(warnings.filter((m) => m.includes('answer race')).length, warnings.join('\n')).toBeGreaterThanOrEqual(2);
      expect(announces.length, JSON.stringify(offersAt.map((t) => t - start))).toBeGreaterThanOrEqual(3);
      // Rate bound: one every 3 s at most, plus the first (gaps measured between bursts).
      expect(announces.length).toBeLessThanOrEqual(Math.floor(WINDOW_MS / 3000) + 1);
      for (let i = 1; i < announces.length; i++) expect(announces[i]! - announces[i - 1]!).toBeGreaterThanOrEqual(2500);
    } finally {
      if (seeder) await kill(seeder);
      for (const a of answers) a.cancel();
      client.close();
    }
  }, 120_000);
});

/** The start times of groups of offers that arrived within 1 s of each other (one announce each). */
function bursts(times: readonly number[]): number[] {
  return times.filter((t, i) => i === 0 || t - times[i - 1]! > 1000);
}
