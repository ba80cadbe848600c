/**
 * Abuse of a real `seedling-relay` process (the built binary, with an access token): a
 * connection flood past --max-connections-per-ip (503), an oversized WebSocket frame (1009),
 * announces for 100,000 info-hashes from one socket (past --max-swarms-per-socket: a failure
 * reason each, the registry capped), and requests with a missing or wrong token (a failure reason on HTTP,
 * 401 on the upgrade). Meanwhile an honest client keeps getting answers and the relay's RSS, sampled
 * from /proc, stays bounded. The relay's own tests cover these limits in-process
 * (apps/relay/test/limits.test.ts) and the tunnel quotas; this checks the shipped binary.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RELAY, killAll, start, waitUntil, withTimeout, type Proc } from '../e2e/helpers/processes.js';
import { sampleRss } from './helpers/rss.js';

const TOKEN = 'hostile-test-token';
let relay: Proc;
let origin: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  relay = start(process.execPath, [RELAY, '--port', '0', '--host', '127.0.0.1', '--token', TOKEN, '--max-connections-per-ip', '40', '--max-swarms-per-socket', '64', '--msg-rate', '100000', '--msg-burst', '100000']);
  const line = await waitUntil(() => {
    if (relay.child.exitCode !== null) throw new Error(`relay exited: ${relay.stderr}`);
    return relay.events.find((e) => e.event === 'listening');
  }, 15_000, 'relay listening');
  origin = `127.0.0.1:${line.port as number}`;
});

afterAll(async () => {
  for (const s of sockets) s.terminate();
  await killAll();
});

const id = (n: number): string => {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(n, 16);
  return b.toString('latin1');
};

/** Open a tracker WebSocket; resolves with the socket or the refusal's HTTP status. */
function openWs(query = `?token=${TOKEN}`): Promise<{ ws: WebSocket; messages: Record<string, unknown>[]; closeCode: Promise<number> } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${origin}/announce${query}`);
    sockets.push(ws);
    const messages: Record<string, unknown>[] = [];
    const closeCode = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    ws.once('open', () => resolve({ ws, messages, closeCode }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

async function honestRoundTrip(n: number): Promise<void> {
  const c = await openWs();
  if ('status' in c) throw new Error(`honest client refused with ${c.status}`);
  c.ws.send(JSON.stringify({ action: 'announce', info_hash: id(900_000 + n), peer_id: id(800_000 + n), event: 'started', left: 1, numwant: 0, offers: [] }));
  await waitUntil(() => c.messages.some((m) => m.action === 'announce' && m.interval !== undefined), 10_000, 'an announce reply to the honest client');
  c.ws.close();
  await withTimeout(c.closeCode, 5000, 'honest socket close');
  const http = await fetch(`http://${origin}/announce?token=${TOKEN}&info_hash=${'%01'.repeat(20)}&peer_id=${'%02'.repeat(20)}&port=6881&uploaded=0&downloaded=0&left=0&compact=1`);
  expect(http.status).toBe(200);
  expect(Buffer.from(await http.arrayBuffer()).toString('latin1')).toMatch(/8:intervali\d+e/);
}

it('token, connection flood, oversized frames and 100,000 info-hashes: refused, bounded, others served', async () => {
  const rss = sampleRss(relay.pid);

  // Missing or wrong token: a BEP 3 `failure reason` naming the token on HTTP announce (trackers
  // answer 200 with a bencoded failure), 401 on the WebSocket upgrade.
  const q = `info_hash=${'%01'.repeat(20)}&peer_id=${'%02'.repeat(20)}&port=6881&left=0`;
  for (const t of ['', '&token=wrong']) {
    const body = Buffer.from(await (await fetch(`http://${origin}/announce?${q}${t}`)).arrayBuffer()).toString('latin1');
    expect(body).toMatch(/failure reason\d+:.*token/);
    expect(body).not.toMatch(/8:interval/);
  }
  expect(await openWs('')).toEqual({ status: 401 });
  expect(await openWs('?token=wrong-token-of-same-len')).toEqual({ status: 401 });
  await honestRoundTrip(0);

  // Connection flood: 120 sockets from one address; past 40 the upgrade is refused with 503.
  const flood = await Promise.all(Array.from({ length: 120 }, () => openWs()));
  const refused = flood.filter((c) => 'status' in c);
  expect(refused.length).toBeGreaterThanOrEqual(80);
  expect(refused.every((c) => (c as { status: number }).status === 503)).toBe(true);
  for (const c of flood) if (!('status' in c)) c.ws.close();
  await waitUntil(async () => {
    const h = (await (await fetch(`http://${origin}/health`)).json()) as { counts: { wsConnections: number } };
    return h.counts.wsConnections === 0;
  }, 15_000, 'the flood sockets to be released');
  await honestRoundTrip(1);

  // An oversized frame (1 MiB > the 64 KiB default --max-payload) closes that socket with 1009.
  const big = await openWs();
  if ('status' in big) throw new Error('refused');
  big.ws.send('x'.repeat(1024 * 1024));
  expect(await withTimeout(big.closeCode, 10_000, 'close after an oversized frame')).toBe(1009);

  // 100,000 announces for distinct info-hashes from one socket: at most 64 swarms are joined,
  // the rest refused with a failure reason each. On a busy machine the relay may instead read a
  // large batch at once, queue more replies than --max-buffered-bytes and drop the socket as a
  // slow consumer (closed without a close frame: 1006); both are the relay defending itself.
  const spam = await openWs();
  if ('status' in spam) throw new Error('refused');
  const N = 100_000;
  let closedWith: number | null = null;
  void spam.closeCode.then((c) => (closedWith = c));
  for (let i = 0; i < N; i++) spam.ws.send(JSON.stringify({ action: 'announce', info_hash: id(i), peer_id: id(7), event: 'started', left: 1, numwant: 0, offers: [] }));
  await waitUntil(() => spam.messages.length >= N || closedWith !== null, 90_000, `replies to ${N} announces (got ${spam.messages.length})`);
  const joined = spam.messages.filter((m) => m.interval !== undefined).length;
  const tooMany = spam.messages.filter((m) => /too many swarms/.test(String(m['failure reason']))).length;
  console.log(`relay abuse: 100,000 announces → ${joined} joined, ${tooMany} refused, socket ${closedWith === null ? 'open' : `closed ${closedWith}`}`);
  expect(joined).toBeLessThanOrEqual(64);
  if (closedWith === null) {
    expect(joined).toBe(64);
    expect(tooMany).toBe(N - 64);
  } else {
    expect(closedWith).toBe(1006);
  }
  const h = (await (await fetch(`http://${origin}/health`)).json()) as { counts: { swarms: number } };
  expect(h.counts.swarms).toBeLessThanOrEqual(64 + 2);
  await honestRoundTrip(2);
  spam.ws.close();

  const mem = rss.stop();
  console.log(`relay abuse: relay peak RSS ${mem.peakMb.toFixed(1)} MB over ${mem.samples} samples`);
  expect(mem.peakMb).toBeLessThan(200);
  expect(relay.child.exitCode).toBeNull();
});
