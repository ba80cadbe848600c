/**
 * Hostile HTTP trackers on 127.0.0.1 against the core tracker client (`httpAnnounce`, real
 * sockets) and a real `seedling get`: an endless body, a 2 GB Content-Length, a tracker that
 * never answers, a slowloris body, garbage and a 500. Each ends in its TrackerError code within
 * its bound; the endless body is cut off near the 1 MiB cap; the download still completes from
 * a peer while its tracker misbehaves.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAnnounce } from '../../packages/core/src/tracker/http-tracker.js';
import { removeTempDirs, sha256File } from '../e2e/helpers/fixtures.js';
import { killAll, runSeedling } from '../e2e/helpers/processes.js';
import { sharedFile, startSeeder } from './helpers/swarm-fixture.js';

let server: Server;
let base: string;
let endlessSent = 0;
const timers: NodeJS.Timeout[] = [];

function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 0x31);
  const pump = (): void => {
    while (!res.destroyed) {
      endlessSent += chunk.length;
      if (!res.write(chunk)) break;
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.on('error', () => undefined);
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/endless/announce') return endless(res);
    if (path === '/huge/announce') {
      res.writeHead(200, { 'content-length': String(2_000_000_000) });
      return void res.write('d8:intervali60e');
    }
    if (path === '/silent/announce') return; // never answers
    if (path === '/slow/announce') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('d')), 100);
      return void timers.push(t);
    }
    if (path === '/garbage/announce') return void res.end('<html>not bencode</html>');
    res.writeHead(500);
    res.end('oops');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await killAll();
  await removeTempDirs();
});

const params = { infoHash: new Uint8Array(20).fill(1), peerId: new Uint8Array(20).fill(2), port: 6881, uploaded: 0, downloaded: 0, left: 100 };

async function codeOf(path: string, timeoutMs = 2000): Promise<string> {
  try {
    await httpAnnounce(`${base}${path}`, params, { timeoutMs });
    return 'resolved';
  } catch (err) {
    expect((err as Error).name).toBe('TrackerError');
    return (err as { code: string }).code;
  }
}

describe('the tracker client against hostile trackers', () => {
  it('an endless body is cut off near the 1 MiB cap: TRACKER_RESPONSE_TOO_LARGE', async () => {
    expect(await codeOf('/endless/announce')).toBe('TRACKER_RESPONSE_TOO_LARGE');
    // When the client gave up, the server had pushed little past the cap (the rest sits in
    // socket buffers): the client reads as a stream and stops at the cap.
    expect(endlessSent).toBeGreaterThan(1024 * 1024);
    expect(endlessSent).toBeLessThan(16 * 1024 * 1024);
  });

  it('a 2 GB Content-Length is refused up front: TRACKER_RESPONSE_TOO_LARGE', async () => {
    expect(await codeOf('/huge/announce')).toBe('TRACKER_RESPONSE_TOO_LARGE');
  });

  it('silence and a slowloris body end at the timeout: TRACKER_TIMEOUT', async () => {
    expect(await codeOf('/silent/announce', 500)).toBe('TRACKER_TIMEOUT');
    expect(await codeOf('/slow/announce', 800)).toBe('TRACKER_TIMEOUT');
  });

  it('garbage is TRACKER_BAD_RESPONSE, a 500 is TRACKER_HTTP_STATUS', async () => {
    expect(await codeOf('/garbage/announce')).toBe('TRACKER_BAD_RESPONSE');
    expect(await codeOf('/error/announce')).toBe('TRACKER_HTTP_STATUS');
  });
});

it('seedling get completes from a peer while its trackers send endless or garbage replies', async () => {
  const s = await sharedFile(512 * 1024);
  const seeder = await startSeeder(s);
  const out = join(s.root, 'out');
  const r = await runSeedling(['get', s.torrent, '-o', out, '--json', '--transport', 'tcp', '--tracker', `${base}/endless/announce`, '--tracker', `${base}/garbage/announce`, '--peer', `127.0.0.1:${seeder.port}`], { timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  expect(await sha256File(join(out, 'blob.bin'))).toBe(await sha256File(s.data));
});
