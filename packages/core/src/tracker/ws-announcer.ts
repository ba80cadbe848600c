/**
 * @module tracker/ws-announcer — keeps one torrent announced on a WebSocket tracker: `started`
 * with fresh offers, re-announces (with new offers) on the tracker's interval and after every
 * reconnect, `completed` once, `stopped` at the end. The caller creates offers (WebRTC) and
 * handles answers through the client's `onAnswer`, matching them by offer id.
 */
import { TrackerError } from './errors.js';
import type { AnnounceEvent, AnnounceStats } from './types.js';
import type { OutgoingOffer, WsAnnounceResult } from './ws-protocol.js';
import type { WsTrackerClient } from './ws-tracker-client.js';

/** Options of {@link WsAnnouncer}. */
export interface WsAnnouncerOptions {
  client: WsTrackerClient;
  infoHash: Uint8Array;
  /** Creates `n` fresh offers for one announce (each with a random 20-byte offerId). */
  createOffers: (n: number, signal: AbortSignal) => Promise<OutgoingOffer[]>;
  /**
   * Offers per announce (default 5, as WebTorrent; the relay caps offers per announce). A
   * function is asked at every announce: a peer can announce without offers (still reachable by
   * other peers' offers) until it decides it needs to offer, then call {@link WsAnnouncer.announceNow}.
   */
  offersPerAnnounce?: number | (() => number);
  /** Current transfer counters. */
  stats: () => AnnounceStats;
  onResponse?: (res: WsAnnounceResult) => void;
  onError?: (err: TrackerError) => void;
  /** Bounds on the tracker's interval in seconds (default 10 … 3600); retry after errors: 15 s. */
  minIntervalSec?: number;
  maxIntervalSec?: number;
  retryMs?: number;
}

/** One torrent on one WebSocket tracker. */
export class WsAnnouncer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private ctrl: AbortController | null = null;
  private removeOpen: (() => void) | null = null;
  /** {@link announceNow} was called during an announce. */
  private again = false;

  constructor(private readonly opts: WsAnnouncerOptions) {}

  /** Announces `started` and keeps the torrent announced until {@link stop}. */
  start(): Promise<WsAnnounceResult | null> {
    if (this.running) return Promise.resolve(null);
    this.running = true;
    // After a reconnect the tracker has forgotten us: announce again with fresh offers.
    this.removeOpen = this.opts.client.addOpenListener(() => {
      if (this.running && this.ctrl === null) void this.announce('started');
    });
    return this.announce('started');
  }

  /**
   * Re-announces now (`update`, with fresh offers if any are wanted) instead of at the next
   * interval; while an announce is in flight, right after it (never aborting its event).
   */
  announceNow(): Promise<WsAnnounceResult | null> {
    if (this.ctrl === null) return this.announce('update');
    this.again = true;
    return Promise.resolve(null);
  }

  /** Announces `completed` (without offers: a seeder is offered to by leechers). */
  complete(): Promise<WsAnnounceResult | null> {
    return this.announce('completed');
  }

  /** Stops re-announcing and sends `stopped` (best effort). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.removeOpen?.();
    this.clear();
    this.ctrl?.abort();
    try {
      await this.opts.client.announce({ infoHash: this.opts.infoHash, event: 'stopped', ...this.opts.stats() }, { timeoutMs: 3000 });
    } catch (err) {
      this.report(err);
    }
  }

  private async announce(event: AnnounceEvent): Promise<WsAnnounceResult | null> {
    if (!this.running) return null;
    this.clear();
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    try {
      const per = this.opts.offersPerAnnounce;
      const n = Math.max(0, Math.min((typeof per === 'function' ? per() : per) ?? 5, 10));
      const offers = event === 'completed' || n === 0 ? [] : await this.opts.createOffers(n, ctrl.signal);
      const res = await this.opts.client.announce({ infoHash: this.opts.infoHash, event, offers, ...this.opts.stats() }, { signal: ctrl.signal });
      if (!this.running || ctrl.signal.aborted) return null;
      const sec = Math.min(Math.max(res.interval || 120, this.opts.minIntervalSec ?? 10), this.opts.maxIntervalSec ?? 3600);
      this.schedule(sec * 1000);
      this.opts.onResponse?.(res);
      return res;
    } catch (err) {
      if (this.running && !ctrl.signal.aborted) {
        this.schedule(this.opts.retryMs ?? 15_000);
        this.report(err);
      }
      return null;
    } finally {
      if (this.ctrl === ctrl) {
        this.ctrl = null;
        if (this.again && this.running) {
          this.again = false;
          this.schedule(0);
        }
      }
    }
  }

  private report(err: unknown): void {
    this.opts.onError?.(err instanceof TrackerError ? err : new TrackerError('TRACKER_NETWORK', String(err), { cause: err }));
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.running) this.timer = setTimeout(() => void this.announce('update'), ms);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
