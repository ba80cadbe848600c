/**
 * Hostile downloaders against a real `seedling seed`: one floods requests far past the `reqq`
 * limit, one sends 4.9 MB of blocks nobody asked for, one announces a 2 GiB message, and twenty
 * slowloris connections trickle half a handshake. The seeder disconnects the abusers (the
 * flooder and the block pusher are banned and logged, issue 7), its RSS stays bounded and an
 * honest `seedling get` still completes with the exact bytes.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { kill, killAll, runSeedling, waitUntil } from '../e2e/helpers/processes.js';
import { blockRef, dialRaw, frame, handshake, Id, type RawConn } from './helpers/raw-peer.js';
import { rssOf, sampleRss } from './helpers/rss.js';
import { sharedFile, startSeeder } from './helpers/swarm-fixture.js';

const conns: RawConn[] = [];
const timers: NodeJS.Timeout[] = [];

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const c of conns) c.socket.destroy();
  await killAll();
  await removeTempDirs();
});

async function opened(port: number, infoHash: string, peerId: string): Promise<RawConn> {
  const c = await dialRaw(port);
  conns.push(c);
  c.send(handshake(infoHash, peerId));
  await waitUntil(() => c.theirHandshake !== null || c.closed, 10_000, `handshake from the seeder (${peerId})`);
  return c;
}

it('request floods, unrequested blocks, 2 GiB frames and slowloris stay bounded; an honest get completes', async () => {
  const s = await sharedFile(2 * 1024 * 1024);
  const seeder = await startSeeder(s);
  const rss = sampleRss(seeder.proc.pid);

  // 1. Request flood: interested, then 5,000 requests in one burst (the seeder allows 256 queued).
  const flood = await opened(seeder.port, s.infoHash, '-HX0001-floodflood01');
  let piecesToFlooder = 0;
  flood.onMessage((id) => {
    if (id === Id.piece) piecesToFlooder++;
  });
  flood.send(frame(Id.interested));
  const burst: Buffer[] = [];
  for (let i = 0; i < 5000; i++) burst.push(frame(Id.request, blockRef(i % s.pieceCount, 0, 16384)));
  flood.send(Buffer.concat(burst));

  // 2. Unrequested blocks: 300 pieces of 16 KiB the seeder never asked for.
  const pusher = await opened(seeder.port, s.infoHash, '-HX0001-unrequested1');
  const block = randomBytes(16384);
  for (let i = 0; i < 300 && !pusher.closed; i++) pusher.send(frame(Id.piece, Buffer.concat([blockRef(i % s.pieceCount, 0, 0).subarray(0, 8), block])));

  // 3. A 2 GiB message announced right after the handshake.
  const huge = await opened(seeder.port, s.infoHash, '-HX0001-hugelength02');
  const head = Buffer.alloc(5);
  head.writeUInt32BE(0x8000_0000, 0);
  head[4] = Id.piece;
  huge.send(head);

  // 4. Twenty slowloris connections: half a handshake, then a byte every 500 ms.
  const hs = handshake(s.infoHash, '-HX0001-slowloris002');
  for (let i = 0; i < 20; i++) {
    const c = await dialRaw(seeder.port);
    conns.push(c);
    c.send(hs.subarray(0, 30));
    let o = 30;
    const t = setInterval(() => {
      if (o < 60) c.send(hs.subarray(o, ++o));
    }, 500);
    timers.push(t);
  }

  // The flooder is served at most `reqq` (256) blocks, then disconnected and banned once it
  // has sent more than 256 requests beyond that limit: never 5,000 blocks (80 MB) queued.
  await waitUntil(() => flood.closed, 20_000, 'the seeder to disconnect the request flooder');
  await waitUntil(() => huge.closed, 20_000, 'the seeder to drop the 2 GiB peer');
  // Unrequested blocks are discarded (nothing is buffered or written), and past 1 MiB of them
  // the peer is disconnected and banned.
  await waitUntil(() => pusher.closed, 20_000, 'the seeder to disconnect the unrequested-block pusher');
  const bans = seeder.proc.events.filter((e) => e.event === 'peer-banned').map((e) => String(e.reason));
  expect(bans.some((r) => /request flood/.test(r)), bans.join('; ')).toBe(true);
  expect(bans.some((r) => /nobody requested/.test(r)), bans.join('; ')).toBe(true);
  expect(seeder.proc.stderr).toMatch(/banned peer .*request flood/);

  // An honest downloader still gets everything, while the slowloris connections are open.
  const out = join(s.root, 'honest');
  const get = await runSeedling(['get', s.torrent, '-o', out, '--json', '--transport', 'tcp', '--peer', `127.0.0.1:${seeder.port}`], { timeoutMs: 60_000 });
  expect(get.code, get.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));

  console.log(`leechers: the flooder got ${piecesToFlooder} piece messages for 5,000 requests (closed: ${flood.closed})`);
  expect(piecesToFlooder).toBeLessThanOrEqual(256);
  expect(rssOf(seeder.proc.pid)).not.toBeNull(); // still alive
  const mem = rss.stop();
  console.log(`leechers: seeder peak RSS ${mem.peakMb.toFixed(1)} MB over ${mem.samples} samples`);
  expect(mem.peakMb).toBeLessThan(200);
  await kill(seeder.proc);
});
