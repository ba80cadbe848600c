/**
 * @module tunnel/websocket — the injected WebSocket and an event port over it.
 *
 * Core stays platform-free: callers pass a WebSocket constructor (the browser's global, or
 * Node's `ws` package). A {@link SocketPort} turns the socket's events into an ordered queue that
 * the control phase reads with timeouts, and that the encrypted connection later drains into its
 * own handler, so no event is lost between the two phases.
 */
import { TunnelError } from './errors.js';

/** The part of the WHATWG WebSocket API the tunnel uses (browser WebSocket and `ws` 8 fit). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: (ev: unknown) => void): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** One event of a socket, in arrival order. */
export type SocketEvent =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; data: Uint8Array }
  | { kind: 'close'; code: number; reason: string };

/** Receives socket events once a consumer is attached with {@link SocketPort.attach}. */
export type SocketSink = (ev: SocketEvent) => void;

/** Queues a socket's events until a reader takes them or a sink is attached. */
export class SocketPort {
  readonly ws: WebSocketLike;
  private readonly queue: SocketEvent[] = [];
  private waiter: ((ev: SocketEvent) => void) | undefined;
  private sink: SocketSink | undefined;
  private closedEvent: SocketEvent | undefined;

  constructor(ws: WebSocketLike) {
    this.ws = ws;
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (ev) => {
      const d = ev.data;
      if (typeof d === 'string') this.push({ kind: 'text', text: d });
      else if (d instanceof ArrayBuffer) this.push({ kind: 'binary', data: new Uint8Array(d) });
      else if (ArrayBuffer.isView(d)) this.push({ kind: 'binary', data: new Uint8Array(d.buffer, d.byteOffset, d.byteLength) });
      else this.push({ kind: 'close', code: 4005, reason: 'MALFORMED_MESSAGE' });
    });
    ws.addEventListener('close', (ev) => this.push({ kind: 'close', code: ev.code, reason: ev.reason }));
  }

  /** Whether the socket has closed (its close event was seen). */
  get isClosed(): boolean {
    return this.closedEvent !== undefined;
  }

  private push(ev: SocketEvent): void {
    if (this.closedEvent) return;
    if (ev.kind === 'close') this.closedEvent = ev;
    if (this.sink) this.sink(ev);
    else if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(ev);
    } else this.queue.push(ev);
  }

  /** Next event, waiting at most `timeoutMs`; rejects with TIMEOUT or ABORTED. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<SocketEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedEvent) return Promise.resolve(this.closedEvent);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = undefined;
      };
      const onAbort = (): void => {
        done();
        reject(new TunnelError('ABORTED', 'aborted', { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        done();
        reject(new TunnelError('TIMEOUT', `no answer from the relay or peer within ${timeoutMs} ms`));
      }, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = (ev) => {
        done();
        resolve(ev);
      };
    });
  }

  /** Hands every queued and future event to `sink` (the queue is drained first, in order). */
  attach(sink: SocketSink): void {
    this.sink = sink;
    for (const ev of this.queue.splice(0)) sink(ev);
  }
}

/** Opens a WebSocket and waits until it is open; rejects with CONNECTION_FAILED, TIMEOUT or ABORTED. */
export async function openSocket(
  WebSocketCtor: WebSocketConstructor,
  url: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<SocketPort> {
  if (options.signal?.aborted) throw new TunnelError('ABORTED', 'aborted', { cause: options.signal.reason });
  let ws: WebSocketLike;
  try {
    ws = new WebSocketCtor(url);
  } catch (cause) {
    throw new TunnelError('CONNECTION_FAILED', `cannot open ${url}`, { cause });
  }
  const port = new SocketPort(ws);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TunnelError('TIMEOUT', `relay ${url} did not answer`)), options.timeoutMs);
      const onAbort = (): void => reject(new TunnelError('ABORTED', 'aborted', { cause: options.signal?.reason }));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (err?: TunnelError): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      ws.addEventListener('open', () => settle());
      ws.addEventListener('error', (ev) => {
        // Node's `ws` reports the HTTP status of a refused upgrade; browsers do not.
        const message = String((ev as { message?: unknown } | null)?.message ?? '');
        if (/\b(401|403)\b/.test(message)) settle(new TunnelError('PERMISSION_DENIED', `relay refused the upgrade: ${message}`));
        else settle(new TunnelError('CONNECTION_FAILED', `cannot connect to ${url.replace(/\?.*$/, '')}`));
      });
      ws.addEventListener('close', (ev) =>
        settle(new TunnelError('CONNECTION_FAILED', `relay closed during connect (${ev.code})`)),
      );
    });
  } catch (err) {
    ws.close();
    throw err;
  }
  return port;
}
