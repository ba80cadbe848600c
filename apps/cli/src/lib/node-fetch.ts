/**
 * @module lib/node-fetch — the tracker clients' GET over node:http(s) instead of Node's global
 * `fetch`. Node 20's fetch (undici) costs ~70–120 ms of CPU to load on first use and ~5–10 ms
 * per request on loopback, node:http ~1 ms: with a tracker announce every few seconds per
 * swarm (and every `seedling get` of a flash crowd on one machine doing the same) that was a
 * visible share of a capped download's CPU. Follows up to 5 redirects, as `fetch` does.
 */
import { Agent, request, type IncomingMessage } from 'node:http';
import type { FetchLike, FetchResponseLike } from '@seedling/core';

/** Redirects followed before giving up (fetch follows 20; trackers rarely redirect at all). */
const MAX_REDIRECTS = 5;

/** One kept-alive connection per tracker between announces (free sockets do not hold the process). */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let https: { module: typeof import('node:https'); agent: import('node:https').Agent } | null = null;

/** The response as {@link FetchResponseLike}: status, headers, and the body as a reader. */
function responseOf(res: IncomingMessage): FetchResponseLike {
  const status = res.statusCode ?? 0;
  const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const cancel = async (): Promise<void> => void res.destroy();
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get: (name) => {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
      },
    },
    body: {
      getReader: () => ({
        read: async () => {
          const r = await chunks.next();
          return r.done ? { done: true } : { done: false, value: new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength) };
        },
        cancel,
      }),
      cancel,
    },
  };
}

async function get(url: URL, signal: AbortSignal, redirects: number): Promise<FetchResponseLike> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported URL scheme ${url.protocol}`);
  const secure = url.protocol === 'https:';
  if (secure && !https) {
    // Loaded on first use only: most runs talk to plain-http trackers (or none).
    const module = await import('node:https');
    https = { module, agent: new module.Agent({ keepAlive: true, maxSockets: 4 }) };
  }
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = secure ? https!.module.request(url, { method: 'GET', signal, agent: https!.agent }, resolve) : request(url, { method: 'GET', signal, agent }, resolve);
    req.on('error', reject);
    req.end();
  });
  const location = res.headers.location;
  if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400 && location && redirects < MAX_REDIRECTS) {
    res.resume();
    return get(new URL(location, url), signal, redirects + 1);
  }
  return responseOf(res);
}

/** A {@link FetchLike} over node:http(s). */
export const nodeFetch: FetchLike = (url, init) => get(new URL(url), init.signal, 0);
