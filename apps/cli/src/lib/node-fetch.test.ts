import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAnnounce, TrackerError } from '@seedling/core';
import { nodeFetch } from './node-fetch.js';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hello') res.end('hello tracker');
    else if (req.url === '/moved') res.writeHead(302, { location: '/hello' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url?.startsWith('/slow')) setTimeout(() => res.end('late'), 5000);
    else if (req.url?.startsWith('/announce')) res.end(Buffer.from('d8:intervali30e5:peers6:\x7f\x00\x00\x01\x1a\xe1e', 'latin1'));
    else res.writeHead(404).end('nope');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const init = (signal = new AbortController().signal) => ({ signal, method: 'GET' as const, redirect: 'follow' as const });

async function text(url: string): Promise<{ status: number; ok: boolean; body: string }> {
  const res = await nodeFetch(url, init());
  const reader = res.body!.getReader();
  let body = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) body += Buffer.from(r.value).toString();
  return { status: res.status, ok: res.ok, body };
}

describe('nodeFetch', () => {
  it('reads a body, follows a redirect, reports a 404 as not ok', async () => {
    expect(await text(`${base}/hello`)).toEqual({ status: 200, ok: true, body: 'hello tracker' });
    expect(await text(`${base}/moved`)).toEqual({ status: 200, ok: true, body: 'hello tracker' });
    expect(await text(`${base}/missing`)).toMatchObject({ status: 404, ok: false });
    expect((await nodeFetch(`${base}/hello`, init())).headers.get('Content-Length')).toBe('13');
  });

  it('stops following a redirect loop, rejects a non-http URL, aborts on the signal', async () => {
    expect((await nodeFetch(`${base}/loop`, init())).status).toBe(302);
    await expect(nodeFetch('ftp://127.0.0.1/x', init())).rejects.toThrow(/scheme/);
    const ctrl = new AbortController();
    const pending = nodeFetch(`${base}/slow`, init(ctrl.signal));
    ctrl.abort();
    await expect(pending).rejects.toThrow();
  });

  it('serves the core HTTP tracker client: announce parsed, timeout typed', async () => {
    const params = { infoHash: new Uint8Array(20), peerId: new Uint8Array(20), port: 6881, uploaded: 0, downloaded: 0, left: 1 };
    const res = await httpAnnounce(`${base}/announce`, params, { fetch: nodeFetch });
    expect(res.interval).toBe(30);
    expect(res.peers.map((p) => `${p.ip}:${p.port}`)).toEqual(['127.0.0.1:6881']);
    const err = await httpAnnounce(`${base}/slow`, params, { fetch: nodeFetch, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrackerError);
    expect((err as TrackerError).code).toBe('TRACKER_TIMEOUT');
  });
});
