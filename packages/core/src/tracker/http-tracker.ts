/**
 * @module tracker/http-tracker — the HTTP tracker client: one-shot announce and scrape, and
 * {@link HttpAnnouncer}, which keeps a torrent announced (started → regular re-announces on
 * `interval`, never faster than `min interval` → completed → stopped), as BEP 3 describes.
 */
import { DEFAULT_MAX_RESPONSE_BYTES, fetchBounded, type FetchBoundedOptions } from './fetch-bounded.js';
import { TrackerError } from './errors.js';
import { buildAnnounceUrl, type HttpAnnounceParams, parseAnnounceResponse, parseScrapeResponse, scrapeUrlFor } from './http-codec.js';
import type { AnnounceResponse, AnnounceStats, ScrapeEntry } from './types.js';

/** Announces once. Rejects with a {@link TrackerError} (`TRACKER_FAILURE` for a failure reason). */
export async function httpAnnounce(announceUrl: string, params: HttpAnnounceParams, opts: FetchBoundedOptions = {}): Promise<AnnounceResponse> {
  const body = await fetchBounded(buildAnnounceUrl(announceUrl, params), opts);
  return parseAnnounceResponse(body, opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
}

/** Scrapes (BEP 48); entries are keyed by lowercase hex info-hash. */
export async function httpScrape(announceUrl: string, infoHashes: readonly Uint8Array[], opts: FetchBoundedOptions = {}): Promise<Map<string, ScrapeEntry>> {
  const url = scrapeUrlFor(announceUrl, infoHashes);
  if (!url) throw new TrackerError('TRACKER_BAD_URL', `tracker has no scrape URL (BEP 48): ${announceUrl}`);
  return parseScrapeResponse(await fetchBounded(url, opts), opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
}

/** Options of {@link HttpAnnouncer}. */
export interface HttpAnnouncerOptions extends Omit<FetchBoundedOptions, 'signal'> {
  url: string;
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  /** Current transfer counters, read at each announce. */
  stats: () => AnnounceStats;
  numwant?: number;
  /** Each successful announce (peers included). */
  onResponse?: (res: AnnounceResponse) => void;
  /** Each failed announce; the announcer retries with backoff. */
  onError?: (err: TrackerError) => void;
  /** Retry delay after a failure: starts at `minRetryMs` (15 s), doubles up to `maxRetryMs` (30 min). */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** Bounds on the tracker's interval, in seconds (default 10 s … 1 day). */
  minIntervalFloor?: number;
  maxInterval?: number;
}

/** Keeps one torrent announced to one HTTP tracker. */
export class HttpAnnouncer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAt = 0;
  private minIntervalMs = 0;
  private retries = 0;
  private trackerId: string | undefined;
  private stopped = true;
  private inflight: AbortController | null = null;

  constructor(private readonly opts: HttpAnnouncerOptions) {}

  /** Sends `started` and keeps re-announcing until {@link stop}. */
  start(): Promise<AnnounceResponse | null> {
    this.stopped = false;
    return this.send('started');
  }

  /** Sends `completed` now (BEP 3: once, when the download finishes). */
  complete(): Promise<AnnounceResponse | null> {
    return this.send('completed');
  }

  /** Re-announces now if `min interval` allows, else as soon as it does. */
  update(): Promise<AnnounceResponse | null> {
    const wait = this.lastAt + this.minIntervalMs - Date.now();
    if (wait > 0) {
      this.schedule(wait);
      return Promise.resolve(null);
    }
    return this.send('update');
  }

  /** Stops re-announcing and sends `stopped` (best effort; bounded by the timeout). */
  async stop(signal?: AbortSignal): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clear();
    this.inflight?.abort();
    try {
      await httpAnnounce(this.opts.url, this.params('stopped'), { ...this.fetchOpts(), ...(signal ? { signal } : {}) });
    } catch (err) {
      this.opts.onError?.(err as TrackerError);
    }
  }

  private params(event: HttpAnnounceParams['event']): HttpAnnounceParams {
    const s = this.opts.stats();
    const p: HttpAnnounceParams = { infoHash: this.opts.infoHash, peerId: this.opts.peerId, port: this.opts.port, event, ...s };
    if (this.opts.numwant !== undefined) p.numwant = this.opts.numwant;
    if (this.trackerId) p.trackerId = this.trackerId;
    return p;
  }

  private fetchOpts(): FetchBoundedOptions {
    const { timeoutMs, maxResponseBytes, fetch } = this.opts;
    return { ...(timeoutMs ? { timeoutMs } : {}), ...(maxResponseBytes ? { maxResponseBytes } : {}), ...(fetch ? { fetch } : {}) };
  }

  private async send(event: HttpAnnounceParams['event']): Promise<AnnounceResponse | null> {
    if (this.stopped) return null;
    this.clear();
    const ctrl = new AbortController();
    this.inflight = ctrl;
    try {
      const res = await httpAnnounce(this.opts.url, this.params(event), { ...this.fetchOpts(), signal: ctrl.signal });
      if (this.stopped) return null;
      this.lastAt = Date.now();
      this.retries = 0;
      if (res.trackerId) this.trackerId = res.trackerId;
      const floor = this.opts.minIntervalFloor ?? 10;
      this.minIntervalMs = Math.max(floor, res.minInterval ?? 0) * 1000;
      const interval = Math.min(Math.max(res.interval, floor, res.minInterval ?? 0), this.opts.maxInterval ?? 86_400);
      this.schedule(interval * 1000);
      this.opts.onResponse?.(res);
      return res;
    } catch (err) {
      if (this.stopped) return null;
      const e = err instanceof TrackerError ? err : new TrackerError('TRACKER_NETWORK', String(err), { cause: err });
      const min = this.opts.minRetryMs ?? 15_000;
      this.schedule(Math.min(this.opts.maxRetryMs ?? 30 * 60_000, min * 2 ** this.retries++));
      this.opts.onError?.(e);
      return null;
    } finally {
      if (this.inflight === ctrl) this.inflight = null;
    }
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.send('update'), ms);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
