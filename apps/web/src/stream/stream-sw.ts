/**
 * @module stream/stream-sw — the Service Worker behind `/stream/<transfer id>/<file index>`: a
 * media element's (range) requests are answered with bytes of a file still being received.
 *
 * The worker holds no data and no torrent state: for each request it asks the page that made it
 * (the client) over a MessageChannel, and the page answers with the file's length and a
 * ReadableStream (transferred) that yields verified bytes as they arrive, moving the sequential
 * cursor on seeks (stream-server.ts). Memory stays bounded: the stream is pulled chunk by chunk
 * as the media element consumes it, and cancelled when the element drops the request.
 *
 * Served at `/stream-sw.js` (vite.config.ts builds it from this file), scope `/`: a page is
 * controlled only by a worker whose scope covers the page's own URL, and the app lives at `/`.
 * Written without imports, against minimal local types (the app's tsconfig has the DOM lib).
 */

interface StreamReply {
  ok: boolean;
  status?: number;
  message?: string;
  size?: number;
  type?: string;
  stream?: ReadableStream<Uint8Array>;
}
interface SwClient {
  readonly id: string;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
interface SwFetchEvent extends Event {
  readonly request: Request;
  readonly clientId: string;
  respondWith(response: Promise<Response>): void;
}
interface SwExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwScope {
  readonly location: Location;
  readonly clients: {
    get(id: string): Promise<SwClient | undefined>;
    matchAll(opts: { type: 'window' }): Promise<readonly SwClient[]>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: SwFetchEvent) => void): void;
}

const sw = globalThis as unknown as SwScope;
const STREAM_PATH = /^\/stream\/([0-9a-f]{40}|[0-9a-f]{64})\/(\d+)(?:\/[^/]*)?$/;
/** How long the page may take to answer (it waits for nothing but its own lookups). */
const REPLY_TIMEOUT_MS = 15_000;

// Take over at once (also pages loaded before the worker existed), so the first Play works.
sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== sw.location.origin) return;
  const m = STREAM_PATH.exec(url.pathname);
  if (!m) return;
  e.respondWith(answer(e, m[1]!, Number(m[2])));
});

/** Parse `Range: bytes=a-b` / `bytes=a-` / `bytes=-n` (one range) for a body of `size` bytes. */
function parseRange(header: string | null, size: number): { start: number; end: number } | 'bad' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  }
  return start > end || start >= size ? 'bad' : { start, end };
}

/** Ask a client page over a MessageChannel; null when it does not know the transfer. */
function ask(client: SwClient, message: Record<string, unknown>): Promise<StreamReply | null> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), REPLY_TIMEOUT_MS);
    channel.port1.onmessage = (ev: MessageEvent<StreamReply>) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(ev.data);
    };
    client.postMessage({ type: 'seedling-stream', ...message }, [channel.port2]);
  });
}

/** The page that made the request first, then any other window of the app. */
async function candidates(clientId: string): Promise<SwClient[]> {
  const own = clientId ? await sw.clients.get(clientId) : undefined;
  const all = await sw.clients.matchAll({ type: 'window' });
  return [...(own ? [own] : []), ...all.filter((c) => c.id !== own?.id)];
}

async function answer(e: SwFetchEvent, id: string, file: number): Promise<Response> {
  const text = (status: number, body: string, headers: Record<string, string> = {}): Response =>
    new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
  for (const client of await candidates(e.clientId)) {
    // First the length (to resolve the range), then the bytes.
    const head = await ask(client, { op: 'head', id, file });
    if (!head?.ok || head.size === undefined) continue;
    const size = head.size;
    const range = parseRange(e.request.headers.get('range'), size);
    if (range === 'bad') return text(416, 'range not satisfiable', { 'content-range': `bytes */${size}` });
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const headers: Record<string, string> = {
      'content-type': head.type ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
      'content-length': String(size === 0 ? 0 : end - start + 1),
    };
    if (e.request.method === 'HEAD' || size === 0) return new Response(null, { status: 200, headers });
    const body = await ask(client, { op: 'open', id, file, start, end });
    if (!body?.ok || !body.stream) return text(body?.status ?? 503, body?.message ?? 'the file could not be read');
    if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    return new Response(body.stream, { status: range ? 206 : 200, headers });
  }
  return text(404, 'no open tab of this app is receiving that transfer');
}
