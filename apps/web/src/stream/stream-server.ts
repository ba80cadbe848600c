/**
 * @module stream/stream-server — the page's half of `/stream/<id>/<file>`: registers the stream
 * Service Worker (stream-sw.ts) and answers its questions about running receives (a file's length
 * and type, then a ReadableStream of a byte range, transferred to the worker) from
 * {@link receiveControls}.
 */
import { mediaTypeOf } from '../lib/media-type.js';
import { receiveControls } from '../lib/receive-controls.js';

/** Where the worker is served (root, so its scope covers the app at `/`). */
export const STREAM_WORKER_URL = '/stream-sw.js';
/** How long to wait for the worker to control this page. */
const CONTROL_TIMEOUT_MS = 15_000;

interface StreamQuestion {
  type: 'seedling-stream';
  op: 'head' | 'open';
  id: string;
  file: number;
  start?: number;
  end?: number;
}

/** Typed failure of the stream setup (`STREAM_UNSUPPORTED`, `STREAM_NOT_CONTROLLED`). */
export class StreamError extends Error {
  constructor(
    readonly code: 'STREAM_UNSUPPORTED' | 'STREAM_NOT_CONTROLLED',
    message: string,
  ) {
    super(message);
    this.name = 'StreamError';
  }
}

function answer(q: StreamQuestion, port: MessagePort): void {
  const c = receiveControls(q.id);
  const size = c?.fileLength(q.file) ?? null;
  if (!c || size === null) {
    port.postMessage({ ok: false, status: 404, message: 'this tab is not receiving that file' });
    return;
  }
  if (q.op === 'head') {
    const name = c.fileName(q.file);
    port.postMessage({ ok: true, size, type: (name && mediaTypeOf(name)?.mime) ?? 'application/octet-stream' });
    return;
  }
  try {
    const stream = c.open(q.file, q.start ?? 0, q.end ?? size - 1);
    port.postMessage({ ok: true, size, stream }, [stream as unknown as Transferable]);
  } catch (err) {
    port.postMessage({ ok: false, status: 409, message: (err as Error).message });
  }
}

let started: Promise<void> | null = null;

/**
 * Register the worker (once) and wait until it controls this page. Throws {@link StreamError}
 * where Service Workers are unavailable.
 */
export function startStreamServer(): Promise<void> {
  started ??= (async () => {
    const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
    if (!container) throw new StreamError('STREAM_UNSUPPORTED', 'this browser (or an insecure origin) has no Service Workers: play after the download');
    container.addEventListener('message', (ev: MessageEvent) => {
      const q = ev.data as StreamQuestion | null;
      const port = ev.ports[0];
      if (q?.type === 'seedling-stream' && port) answer(q, port);
    });
    container.startMessages();
    await container.register(STREAM_WORKER_URL, { scope: '/' });
    await container.ready;
    if (container.controller) return;
    // clients.claim() in the worker's activate makes it control this page: wait for that.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StreamError('STREAM_NOT_CONTROLLED', 'the stream worker did not take control of this page')), CONTROL_TIMEOUT_MS);
      container.addEventListener('controllerchange', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
      if (container.controller) {
        clearTimeout(timer);
        resolve();
      }
    });
  })();
  started.catch(() => (started = null));
  return started;
}

/** The stream URL of file `file` of transfer `id` (the name at the end is for people and players). */
export function streamUrl(id: string, file: number, name: string): string {
  return `/stream/${id}/${file}/${encodeURIComponent(name)}`;
}
