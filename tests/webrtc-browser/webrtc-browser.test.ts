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
import { TransferStalledError, trackPeerConnections, watchForStall, within, type ExchangeProgress, type TrackedPeers } from './stall-watch.js';

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
async function nodeExchange(conn: Connection, sendSeed: number, recvSeed: number, progress: ExchangeProgress): Promise<{ got: number; bad: number }> {
  const writing = (async () => {
    for (let at = 0; at < SIZE; at += 65536) {
      const b = new Uint8Array(Math.min(65536, SIZE - at));
      for (let k = 0; k < b.length; k++) b[k] = patternByte(sendSeed, at + k);
      await conn.write(b);
      progress.sent += b.length;
    }
  })();
  let got = 0;
  let bad = 0;
  for await (const c of conn.readable) {
    for (let k = 0; k < c.length && got + k < SIZE; k++) if (c[k] !== patternByte(recvSeed, got + k)) bad++;
    got += c.length;
    progress.got = got;
    if (got >= SIZE) break;
  }
  await writing;
  return { got, bad };
}

/** Limits of the steps (each below vitest's 120 s, together too): a stall says where it was. */
const CONNECT_MS = 25_000;
const EXCHANGE_MS = 60_000;
/** No byte moved on either end for this long, with data queued: the SCTP stall. */
const STALL_MS = 12_000;
const CLOSE_MS = 10_000;

/** Both ends' states, twice 1 s apart (whether bytes still move). */
function stallReport(peers: TrackedPeers, progress: ExchangeProgress): () => Promise<unknown> {
  const sample = async (): Promise<unknown> => ({
    node: { progress: { ...progress }, ...(await peers.snapshot()) },
    page: await within('page state', page.evaluate(() => window.seedlingPeer.state()), 5000, async () => 'page unresponsive'),
  });
  return async () => {
    const first = await sample();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { first, oneSecondLater: await sample() };
  };
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
  let peers: TrackedPeers;
  beforeAll(async () => {
    peers = trackPeerConnections(await loadNodeRTCPeerConnection({ library }));
    NodePC = peers.PC;
  });

  it('Node offers, the page answers: 16 MiB each way arrive byte-identical', async () => {
    const progress: ExchangeProgress = { sent: 0, got: 0 };
    const report = stallReport(peers, progress);
    const conn = await within(
      'connect (Node offers)',
      connectNodeOffer(NodePC, (offerSdp, answerSdp) => {
        expect(sdpCandidates(offerSdp).length).toBeGreaterThan(0);
        expect(sdpCandidates(answerSdp).length).toBeGreaterThan(0);
      }),
      2 * CONNECT_MS,
      report,
    );
    expect(conn.kind).toBe('webrtc');
    const [inPage, inNode] = await within(
      'exchange',
      Promise.all([page.evaluate((n) => window.seedlingPeer.exchange(n, 2, 1), SIZE), nodeExchange(conn, 1, 2, progress)]),
      EXCHANGE_MS,
      report,
    );
    expect(inPage).toMatchObject({ got: SIZE, bad: 0, kind: 'webrtc' });
    expect(inNode).toEqual({ got: SIZE, bad: 0 });
    await within('close', page.evaluate(() => window.seedlingPeer.close()).then(() => conn.closed), CLOSE_MS, report);
  });

  it('request/response: 300 small round trips with Node as offerer, then the page echoes until Node closes', async () => {
    const progress: ExchangeProgress = { sent: 0, got: 0 };
    const report = stallReport(peers, progress);
    const conn = await within('connect (Node offers)', connectNodeOffer(NodePC), 2 * CONNECT_MS, report);
    const echoed = page.evaluate(() => window.seedlingPeer.echo());
    const iterator = conn.readable[Symbol.asyncIterator]();
    const rounds = async (): Promise<void> => {
      for (let round = 0; round < 300; round++) {
        const msg = new Uint8Array(1 + (round % 97)).fill(round & 0xff);
        await conn.write(msg);
        progress.sent += msg.length;
        let got = 0;
        while (got < msg.length) {
          const next = await iterator.next();
          expect(next.done).toBe(false);
          for (const byte of next.value as Uint8Array) expect(byte).toBe(round & 0xff);
          got += (next.value as Uint8Array).length;
        }
        expect(got).toBe(msg.length);
        progress.got += got;
      }
    };
    await within('round trips', rounds(), EXCHANGE_MS, report);
    conn.close();
    await within('close', conn.closed, CLOSE_MS, report);
    expect(await within('echo end', echoed, CLOSE_MS, report)).toBe(Array.from({ length: 300 }, (_, r) => 1 + (r % 97)).reduce((x, y) => x + y, 0));
  });

  /**
   * One attempt of the page-offers exchange. Under load, node-datachannel answering Chromium
   * sometimes stops sending for good mid-transfer (docs/webrtc.md, "SCTP stall"): both ends stay
   * connected, and what Node wrote (up to ~1 MiB in its channel and ~1 MiB in its SCTP stack)
   * never reaches the page. That is reported as TransferStalledError after STALL_MS without progress.
   */
  async function pageOffersAttempt(): Promise<{ inPage: { got: number; bad: number; kind: string }; inNode: { got: number; bad: number } }> {
    const progress: ExchangeProgress = { sent: 0, got: 0 };
    const report = stallReport(peers, progress);
    const offerSdp = await within('offer (page)', page.evaluate(() => window.seedlingPeer.offer()), CONNECT_MS, report);
    expect(sdpCandidates(offerSdp).length).toBeGreaterThan(0);
    const answer = await within('answer (Node)', acceptWebRtcOffer({ RTCPeerConnection: NodePC, offerSdp }), CONNECT_MS, report);
    await within('open (page)', page.evaluate((sdp) => window.seedlingPeer.accept(sdp), answer.sdp), CONNECT_MS, report);
    const conn = await within('open (Node)', answer.connection, CONNECT_MS, report);
    const watch = watchForStall(async () => {
      const node = (await peers.snapshot()) as { connectionState?: string };
      const inPage = (await page.evaluate(() => window.seedlingPeer.state())) as { connectionState?: string; progress: ExchangeProgress };
      return {
        moved: JSON.stringify({ node: progress, page: inPage.progress }),
        // Written on one end and not yet read on the other (in a channel's queue or in SCTP: one
        // stall had all of Node's bytes out of the channel and 3 messages never delivered).
        queued: progress.sent > inPage.progress.got || inPage.progress.sent > progress.got,
        connected: node.connectionState === 'connected' && inPage.connectionState === 'connected',
      };
    }, STALL_MS);
    try {
      const [inPage, inNode] = await within(
        'exchange',
        Promise.race([
          Promise.all([page.evaluate((n) => window.seedlingPeer.exchange(n, 4, 3), SIZE), nodeExchange(conn, 3, 4, progress)]),
          watch.stalled,
        ]),
        EXCHANGE_MS,
        report,
      );
      conn.close();
      await within('close', conn.closed, CLOSE_MS, report);
      return { inPage, inNode };
    } catch (err) {
      if (err instanceof TransferStalledError) console.warn(`SCTP stall (Node answering Chromium): ${JSON.stringify(await report())}`);
      conn.close(err as Error);
      throw err;
    } finally {
      watch.stop();
    }
  }

  it(
    'the page offers, Node answers: 16 MiB each way arrive byte-identical',
    async () => {
      // A stall (TransferStalledError, logged with both ends' states) gets one fresh attempt; any
      // other failure, and a second stall, fail the test.
      let result;
      try {
        result = await pageOffersAttempt();
      } catch (err) {
        if (!(err instanceof TransferStalledError)) throw err;
        console.warn(`the page-offers exchange stalled, one fresh attempt: ${err.message}`);
        result = await pageOffersAttempt();
      }
      expect(result.inPage).toMatchObject({ got: SIZE, bad: 0, kind: 'webrtc' });
      expect(result.inNode).toEqual({ got: SIZE, bad: 0 });
    },
    2 * (3 * CONNECT_MS + EXCHANGE_MS) + 10_000,
  );
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
      state(): Promise<Record<string, unknown>>;
    };
  }
}
