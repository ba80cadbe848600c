/**
 * @module tracker/ws-tracker-client — the WebSocket tracker client (WebTorrent protocol): the
 * signaling side of the WebRTC transport. It announces with offers the caller created, hands
 * incoming offers and answers to callbacks, sends answers, scrapes, and reconnects with
 * exponential backoff. One client (one socket) serves any number of torrents.
 *
 * @example
 * ```ts
 * const client = new WsTrackerClient({
 *   url: 'ws://127.0.0.1:8000/announce', peerId, WebSocket,
 *   onOffer: async (o) => client.sendAnswer({ infoHash: o.infoHash, toPeerId: o.peerId, offerId: o.offerId, answer: await answerFor(o.offer) }),
 *   onAnswer: (a) => pendingOffers.get(idHex(a.offerId))?.accept(a.answer),
 *   onOpen: () => reannounceAll(), // after every (re)connect
 * });
 * const res = await client.announce({ infoHash, offers, left: 0, event: 'started' });
 * ```
 */
import { bytesToBinary } from '../bencode/bytes.js';
import { TrackerError } from './errors.js';
import type { AnnounceEvent, ScrapeEntry } from './types.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';
import { decodeTrackerMessage } from './ws-incoming.js';
import type { IncomingAnswer, IncomingOffer, OutgoingOffer, SessionDescription, WsAnnounceResult } from './ws-protocol.js';

/** Options of {@link WsTrackerClient}. */
export interface WsTrackerClientOptions {
  /** `ws://` or `wss://` tracker URL (e.g. the relay's `/announce`, with `?token=` if needed). */
  url: string;
  /** Our 20-byte peer id. */
  peerId: Uint8Array;
  /** WebSocket constructor (browser global, or `ws` in Node). */
  WebSocket: WebSocketConstructor;
  /** Reconnect after an unexpected close (default true): 1 s doubling to 60 s, with jitter. */
  reconnect?: boolean;
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** Answer timeout for announce/scrape (default 15 s). */
  timeoutMs?: number;
  /** Largest message accepted from the tracker, in chars (default 256 KiB); larger are dropped. */
  maxMessageChars?: number;
  /** Outgoing bytes queued before `announce`/`sendAnswer` refuse to queue more (default 1 MiB). */
  maxBufferedBytes?: number;
  /** An offer from another peer (create an answer and `sendAnswer`). */
  onOffer?: (offer: IncomingOffer) => void;
  /** An answer to one of our offers. */
  onAnswer?: (answer: IncomingAnswer) => void;
  /** Every announce reply (also those not awaited). */
  onAnnounce?: (res: WsAnnounceResult) => void;
  /** Failure reasons and malformed messages that no request awaited. */
  onWarning?: (err: TrackerError) => void;
  /** The socket opened (first connect and every reconnect: re-announce here). */
  onOpen?: () => void;
  /** The socket closed; `reconnecting` tells whether a reconnect is scheduled. */
  onClose?: (info: { code: number; reason: string; reconnecting: boolean }) => void;
}

/** An announce over the WebSocket tracker. */
export interface WsAnnounceRequest {
  infoHash: Uint8Array;
  /** Offers for up to `offers.length` other peers (the tracker picks them). */
  offers?: OutgoingOffer[];
  event?: AnnounceEvent;
  uploaded?: number;
  downloaded?: number;
  /** Bytes left; 0 marks a seeder. */
  left?: number;
}

/** An answer to send back to an offerer. */
export interface WsAnswer {
  infoHash: Uint8Array;
  toPeerId: Uint8Array;
  offerId: Uint8Array;
  answer: SessionDescription;
}

interface Pending<T> {
  key: string;
  /** Creation order (to find the oldest request across queues). */
  seq: number;
  resolve(v: T): void;
  reject(e: TrackerError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Handlers added with {@link WsTrackerClient.addSignalListener}. */
export interface SignalListener {
  onOffer?: (offer: IncomingOffer) => void;
  onAnswer?: (answer: IncomingAnswer) => void;
}

/** Connection state of {@link WsTrackerClient}. */
export type WsTrackerState = 'idle' | 'connecting' | 'open' | 'closed';

/** A WebSocket tracker client; see the module example. */
export class WsTrackerClient {
  private ws: WebSocketLike | null = null;
  private _state: WsTrackerState = 'idle';
  private retries = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly peerIdBin: string;
  private readonly announces: Pending<WsAnnounceResult>[] = [];
  private readonly scrapes: Pending<Map<string, ScrapeEntry>>[] = [];
  private openWaiters: { resolve(): void; reject(e: TrackerError): void }[] = [];
  private readonly openListeners = new Set<() => void>();
  private readonly signalListeners = new Set<SignalListener>();

  constructor(private readonly opts: WsTrackerClientOptions) {
    if (!/^wss?:\/\//i.test(opts.url)) throw new TrackerError('TRACKER_BAD_URL', `not a WebSocket tracker: ${opts.url}`);
    if (opts.peerId?.length !== 20) throw new TrackerError('TRACKER_BAD_INPUT', 'peerId must be 20 bytes');
    this.peerIdBin = bytesToBinary(opts.peerId);
  }

  /** Adds a listener called after every (re)connect, besides `onOpen`; returns its remover. */
  addOpenListener(fn: () => void): () => void {
    this.openListeners.add(fn);
    return () => this.openListeners.delete(fn);
  }

  /**
   * Adds handlers for relayed offers and answers, besides `onOffer`/`onAnswer` (one per torrent
   * when several share this client); returns the remover.
   */
  addSignalListener(listener: SignalListener): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  /** Current connection state. */
  get state(): WsTrackerState {
    return this._state;
  }

  /** Opens the socket (if not open) and resolves once it is open. */
  connect(signal?: AbortSignal): Promise<void> {
    if (this._state === 'closed') return Promise.reject(new TrackerError('TRACKER_CLOSED', 'client is closed'));
    if (this._state === 'open') return Promise.resolve();
    if (this._state === 'idle') this.open();
    return new Promise((resolve, reject) => {
      const w = { resolve, reject };
      this.openWaiters.push(w);
      signal?.addEventListener('abort', () => {
        this.openWaiters = this.openWaiters.filter((x) => x !== w);
        reject(new TrackerError('TRACKER_ABORTED', 'connect aborted', { cause: signal.reason }));
      }, { once: true });
    });
  }

  /** Announces (connecting first if needed) and resolves with the tracker's reply. */
  async announce(req: WsAnnounceRequest, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<WsAnnounceResult> {
    if (req.infoHash?.length !== 20) throw new TrackerError('TRACKER_BAD_INPUT', 'infoHash must be 20 bytes');
    await this.connect(o.signal);
    const key = bytesToBinary(req.infoHash);
    const msg: Record<string, unknown> = {
      action: 'announce',
      info_hash: key,
      peer_id: this.peerIdBin,
      uploaded: req.uploaded ?? 0,
      downloaded: req.downloaded ?? 0,
      numwant: req.offers?.length ?? 0,
    };
    if (req.left !== undefined) msg.left = req.left;
    if (req.event && req.event !== 'update') msg.event = req.event;
    if (req.offers && req.event !== 'stopped' && req.event !== 'completed') {
      msg.offers = req.offers.map((x) => {
        if (x.offerId?.length !== 20) throw new TrackerError('TRACKER_BAD_INPUT', 'offerId must be 20 bytes');
        return { offer: x.offer, offer_id: bytesToBinary(x.offerId) };
      });
    }
    return this.request(this.announces, key, msg, o);
  }

  /** Scrapes torrents; entries keyed by lowercase hex info-hash. */
  async scrape(infoHashes: readonly Uint8Array[], o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Map<string, ScrapeEntry>> {
    if (infoHashes.length === 0 || infoHashes.some((h) => h?.length !== 20)) throw new TrackerError('TRACKER_BAD_INPUT', 'scrape needs 20-byte info-hashes');
    await this.connect(o.signal);
    return this.request(this.scrapes, '', { action: 'scrape', info_hash: infoHashes.map(bytesToBinary) }, o);
  }

  /** Sends an answer to an offer (the tracker routes it to `toPeerId`; it sends no reply). */
  sendAnswer(a: WsAnswer): void {
    if (a.infoHash?.length !== 20 || a.toPeerId?.length !== 20 || a.offerId?.length !== 20) throw new TrackerError('TRACKER_BAD_INPUT', 'ids must be 20 bytes');
    this.send({ action: 'announce', info_hash: bytesToBinary(a.infoHash), peer_id: this.peerIdBin, to_peer_id: bytesToBinary(a.toPeerId), offer_id: bytesToBinary(a.offerId), answer: a.answer });
  }

  /** Closes for good: no reconnect; pending requests reject with `TRACKER_CLOSED`. */
  close(): void {
    if (this._state === 'closed') return;
    this._state = 'closed';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = null;
      ws.onclose = null;
      try {
        ws.close(1000, 'bye');
      } catch {
        /* already closing */
      }
    }
    this.failAll(new TrackerError('TRACKER_CLOSED', 'client closed'));
  }

  private request<T>(queue: Pending<T>[], key: string, msg: Record<string, unknown>, o: { signal?: AbortSignal; timeoutMs?: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const ms = o.timeoutMs ?? this.opts.timeoutMs ?? 15_000;
      const p: Pending<T> = {
        key,
        seq: nextSeq++,
        resolve: (v) => {
          clearTimeout(p.timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(p.timer);
          reject(e);
        },
        timer: setTimeout(() => {
          remove(queue, p);
          reject(new TrackerError('TRACKER_TIMEOUT', `tracker did not answer within ${ms} ms`));
        }, ms),
      };
      o.signal?.addEventListener('abort', () => {
        if (remove(queue, p)) p.reject(new TrackerError('TRACKER_ABORTED', 'request aborted', { cause: o.signal?.reason }));
      }, { once: true });
      queue.push(p);
      try {
        this.send(msg);
      } catch (err) {
        remove(queue, p);
        p.reject(err as TrackerError);
      }
    });
  }

  private send(msg: Record<string, unknown>): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WS_OPEN) throw new TrackerError('TRACKER_CLOSED', 'tracker socket is not open');
    if (ws.bufferedAmount > (this.opts.maxBufferedBytes ?? 1024 * 1024)) throw new TrackerError('TRACKER_NETWORK', 'tracker socket is congested');
    ws.send(JSON.stringify(msg));
  }

  private open(): void {
    this._state = 'connecting';
    let ws: WebSocketLike;
    try {
      ws = new this.opts.WebSocket(this.opts.url);
    } catch (err) {
      this.onSocketClose(1006, `cannot open: ${(err as Error).message}`);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this._state = 'open';
      this.retries = 0;
      const w = this.openWaiters;
      this.openWaiters = [];
      for (const x of w) x.resolve();
      this.opts.onOpen?.();
      for (const fn of this.openListeners) fn();
    };
    ws.onmessage = (ev) => this.onMessage(ev.data);
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) this.onSocketClose(ev.code, ev.reason);
    };
  }

  private onSocketClose(code: number, reason: string): void {
    this.ws = null;
    const reconnecting = this.opts.reconnect !== false && this._state !== 'closed';
    this.failAll(new TrackerError('TRACKER_CLOSED', `tracker socket closed (${code}${reason ? ` ${reason}` : ''})`), !reconnecting);
    if (reconnecting) {
      this._state = 'connecting';
      const min = this.opts.minReconnectMs ?? 1000;
      const base = Math.min(this.opts.maxReconnectMs ?? 60_000, min * 2 ** this.retries++);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (this._state !== 'closed') this.open();
      }, base / 2 + Math.random() * (base / 2));
    } else this._state = 'closed';
    this.opts.onClose?.({ code, reason, reconnecting });
  }

  /** Rejects pending requests (and connect waiters when the client will not reconnect). */
  private failAll(err: TrackerError, waiters = true): void {
    for (const q of [this.announces, this.scrapes] as Pending<unknown>[][]) for (const p of q.splice(0)) p.reject(err);
    if (waiters) for (const w of this.openWaiters.splice(0)) w.reject(err);
  }

  private onMessage(data: unknown): void {
    const m = decodeTrackerMessage(data, this.peerIdBin, this.opts.maxMessageChars ?? 256 * 1024);
    switch (m.kind) {
      case 'announce':
        take(this.announces, m.key)?.resolve(m.result);
        this.opts.onAnnounce?.(m.result);
        return;
      case 'offer':
        this.opts.onOffer?.(m.offer);
        for (const l of this.signalListeners) l.onOffer?.(m.offer);
        return;
      case 'answer':
        this.opts.onAnswer?.(m.answer);
        for (const l of this.signalListeners) l.onAnswer?.(m.answer);
        return;
      case 'scrape':
        take(this.scrapes, '')?.resolve(m.files);
        return;
      case 'failure': {
        const err = new TrackerError('TRACKER_FAILURE', `tracker refused: ${m.reason}`, { failureReason: m.reason });
        // A failure names its request by action and info_hash when the tracker could parse
        // them; otherwise it answers the oldest request (the tracker handles messages in order).
        const p = m.action === 'scrape' ? take(this.scrapes, '') : m.key !== undefined ? take(this.announces, m.key) : oldest(this.announces, this.scrapes);
        if (p) p.reject(err);
        else this.opts.onWarning?.(err);
        return;
      }
      case 'invalid':
        this.warn('TRACKER_BAD_RESPONSE', m.message);
        return;
      case 'own':
        return;
    }
  }

  private warn(code: 'TRACKER_BAD_RESPONSE', message: string): void {
    this.opts.onWarning?.(new TrackerError(code, message));
  }
}

function remove<T>(queue: Pending<T>[], p: Pending<T>): boolean {
  const i = queue.indexOf(p);
  if (i >= 0) queue.splice(i, 1);
  return i >= 0;
}

function take<T>(queue: Pending<T>[], key: string): Pending<T> | undefined {
  const i = queue.findIndex((p) => p.key === key);
  return i >= 0 ? queue.splice(i, 1)[0] : undefined;
}

let nextSeq = 0;

function oldest(a: Pending<WsAnnounceResult>[], b: Pending<Map<string, ScrapeEntry>>[]): Pending<unknown> | undefined {
  const x = a[0];
  const y = b[0];
  if (x && (!y || x.seq < y.seq)) return a.shift() as Pending<unknown>;
  return y ? (b.shift() as Pending<unknown>) : undefined;
}
