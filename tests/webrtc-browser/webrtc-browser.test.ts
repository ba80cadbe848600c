/**
 * @module tests/webrtc-browser/webrtc-browser.test — headless Chromium and a Node peer (the
 * default Node library, node-datachannel) exchange 16 MiB each way over the core's WebRTC Connection,
 * byte-identical, with the page as answerer and then as offerer. SDP is passed directly (no
 * tracker). Inside the isolated namespace both ends gather on the veth addresses 198.18.0.x
 * (Chromium hides its host candidates behind mDNS names; the connection forms through the
 * Node side's candidates and peer-reflexive ones); the Node libraries need no bind address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Connection } from '../../packages/core/src/transport/transport.js';
import {
  acceptWebRtcOffer,
  createWebRtcOffer,
  retryAnswerRace,
  sdpCandidates,
  type RtcPeerConnectionConstructor,
} from '../../packages/core/src/webrtc/index.js';
import { loadNodeRTCPeerConnection, type NodeWebRtcLibrary } from '../../packages/core/src/adapters/node/webrtc-node.js';
import { bundleWebRtcForBrowser } from './bundle-core.js';
import { PAGE_PEER_SCRIPT } from './page-peer.js';
import { patternByte } from './pattern.js';

const SIZE = 16 * 1024 * 1024;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  const script = await bundleWebRtcForBrowser();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto('about:blank');
  await page.addScriptTag({ content: script });
  await page.addScriptTag({ content: PAGE_PEER_SCRIPT });
});

afterAll(async () => {
  await browser?.close();
});

/** Node's half of the exchange: writes pattern `sendSeed`, checks pattern `recvSeed`. */
async function nodeExchange(conn: Connection, sendSeed: number, recvSeed: number): Promise<{ got: number; bad: number }> {
  const writing = (async () => {
    for (let at = 0; at < SIZE; at += 65536) {
      const b = new Uint8Array(Math.min(65536, SIZE - at));
      for (let k = 0; k < b.length; k++) b[k] = patternByte(sendSeed, at + k);
      await conn.write(b);
    }
  })();
  let got = 0;
  let bad = 0;
  for await (const c of conn.readable) {
    for (let k = 0; k < c.length && got + k < SIZE; k++) if (c[k] !== patternByte(recvSeed, got + k)) bad++;
    got += c.length;
    if (got >= SIZE) break;
  }
  await writing;
  return { got, bad };
}

// The default library; @roamhq/wrtc passed here too (add it to compare).
const LIBRARIES: readonly NodeWebRtcLibrary[] = ['node-datachannel'];

/**
 * Node offers, the page answers. libdatachannel as offerer sometimes loses a valid answer to its
 * known race (webrtc/answer-race.ts, docs/webrtc.md): one lost connect in production, here a
 * fresh negotiation, logged, after a growing pause; any other failure fails the test.
 */
function connectNodeOffer(NodePC: RtcPeerConnectionConstructor, check?: (offerSdp: string, answerSdp: string) => void): Promise<Connection> {
  return retryAnswerRace(async () => {
    const offer = await createWebRtcOffer({ RTCPeerConnection: NodePC });
    const answerSdp = await page.evaluate((sdp) => window.seedlingPeer.answer(sdp), offer.sdp);
    check?.(offer.sdp, answerSdp);
    try {
      return await offer.accept(answerSdp);
    } catch (err) {
      await page.evaluate(() => window.seedlingPeer.cancelAnswer());
      throw err;
    }
  });
}

describe.each(LIBRARIES)('WebRTC between headless Chromium and Node (%s)', (library) => {
  let NodePC: RtcPeerConnectionConstructor;
  beforeAll(async () => {
    NodePC = await loadNodeRTCPeerConnection({ library });
  });

  it('Node offers, the page answers: 16 MiB each way arrive byte-identical', async () => {
    const conn = await connectNodeOffer(NodePC, (offerSdp, answerSdp) => {
      expect(sdpCandidates(offerSdp).length).toBeGreaterThan(0);
      expect(sdpCandidates(answerSdp).length).toBeGreaterThan(0);
    });
    expect(conn.kind).toBe('webrtc');
    const [inPage, inNode] = await Promise.all([
      page.evaluate((n) => window.seedlingPeer.exchange(n, 2, 1), SIZE),
      nodeExchange(conn, 1, 2),
    ]);
    expect(inPage).toMatchObject({ got: SIZE, bad: 0, kind: 'webrtc' });
    expect(inNode).toEqual({ got: SIZE, bad: 0 });
    await page.evaluate(() => window.seedlingPeer.close());
    await conn.closed;
  });

  it('request/response: 300 small round trips with Node as offerer, then the page echoes until Node closes', async () => {
    const conn = await connectNodeOffer(NodePC);
    const echoed = page.evaluate(() => window.seedlingPeer.echo());
    const iterator = conn.readable[Symbol.asyncIterator]();
    for (let round = 0; round < 300; round++) {
      const msg = new Uint8Array(1 + (round % 97)).fill(round & 0xff);
      await conn.write(msg);
      let got = 0;
      while (got < msg.length) {
        const next = await iterator.next();
        expect(next.done).toBe(false);
        for (const byte of next.value as Uint8Array) expect(byte).toBe(round & 0xff);
        got += (next.value as Uint8Array).length;
      }
      expect(got).toBe(msg.length);
    }
    conn.close();
    await conn.closed;
    expect(await echoed).toBe(Array.from({ length: 300 }, (_, r) => 1 + (r % 97)).reduce((x, y) => x + y, 0));
  });

  it('the page offers, Node answers: 16 MiB each way arrive byte-identical', async () => {
    const offerSdp = await page.evaluate(() => window.seedlingPeer.offer());
    expect(sdpCandidates(offerSdp).length).toBeGreaterThan(0);
    const answer = await acceptWebRtcOffer({ RTCPeerConnection: NodePC, offerSdp });
    await page.evaluate((sdp) => window.seedlingPeer.accept(sdp), answer.sdp);
    const conn = await answer.connection;
    const [inPage, inNode] = await Promise.all([
      page.evaluate((n) => window.seedlingPeer.exchange(n, 4, 3), SIZE),
      nodeExchange(conn, 3, 4),
    ]);
    expect(inPage).toMatchObject({ got: SIZE, bad: 0, kind: 'webrtc' });
    expect(inNode).toEqual({ got: SIZE, bad: 0 });
    conn.close();
    await conn.closed;
  });
});

declare global {
  interface Window {
    seedlingPeer: {
      answer(offerSdp: string): Promise<string>;
      cancelAnswer(): void;
      offer(): Promise<string>;
      accept(answerSdp: string): Promise<void>;
      exchange(n: number, sendSeed: number, recvSeed: number): Promise<{ got: number; bad: number; kind: string }>;
      echo(): Promise<number>;
      close(): Promise<void>;
    };
  }
}
