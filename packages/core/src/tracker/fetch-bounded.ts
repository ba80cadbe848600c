/**
 * @module tracker/fetch-bounded — one GET through the global (or injected) `fetch` with a
 * timeout, the caller's AbortSignal and a hard cap on the response size.
 */
import { TrackerError } from './errors.js';

/**
 * What {@link fetchBounded} reads of a response: a `fetch` Response has all of it, and a
 * runtime can answer with less than a full Response (e.g. Node's node:http, which costs far less
 * CPU per request than Node's fetch).
 */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: {
    getReader(): { read(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: Uint8Array }>; cancel(): Promise<void> };
    cancel(): Promise<void>;
  } | null;
}

/** A `fetch`-compatible function (the global one by default; injectable for other runtimes). */
export type FetchLike = (url: string, init: { signal: AbortSignal; method: 'GET'; redirect: 'follow' }) => Promise<FetchResponseLike>;

/** Limits of {@link fetchBounded}. */
export interface FetchBoundedOptions {
  signal?: AbortSignal;
  /** Default 15 s. */
  timeoutMs?: number;
  /** Default 1 MiB: a tracker response is a few KB. */
  maxResponseBytes?: number;
  fetch?: FetchLike;
}

/** Default request timeout (ms). */
export const DEFAULT_TRACKER_TIMEOUT_MS = 15_000;
/** Default response size cap (bytes). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** GETs `url` and returns the body bytes; every failure is a {@link TrackerError}. */
export async function fetchBounded(url: string, opts: FetchBoundedOptions = {}): Promise<Uint8Array> {
  const max = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TRACKER_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  const fail = (err: unknown): TrackerError => {
    if (err instanceof TrackerError) return err;
    if (opts.signal?.aborted) return new TrackerError('TRACKER_ABORTED', 'tracker request aborted', { cause: opts.signal.reason });
    if (timeout.aborted) return new TrackerError('TRACKER_TIMEOUT', `tracker did not answer within ${opts.timeoutMs ?? DEFAULT_TRACKER_TIMEOUT_MS} ms`);
    return new TrackerError('TRACKER_NETWORK', `tracker request failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  };
  try {
    const res = await doFetch(url, { signal, method: 'GET', redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new TrackerError('TRACKER_HTTP_STATUS', `tracker answered HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > max) {
      await res.body?.cancel().catch(() => {});
      throw new TrackerError('TRACKER_RESPONSE_TOO_LARGE', `tracker response of ${declared} bytes exceeds ${max}`);
    }
    if (!res.body) return new Uint8Array(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw new TrackerError('TRACKER_RESPONSE_TOO_LARGE', `tracker response exceeds ${max} bytes`);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  } catch (err) {
    throw fail(err);
  }
}
