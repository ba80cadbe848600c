/**
 * @module tunnel/memory-websocket.test-support — an in-memory WebSocket pair and session keys for
 * the tunnel's tests (not exported from the package). Delivery is asynchronous and in order, and
 * close arrives after every frame already in flight, like a real socket over TCP. `rewrite` lets a
 * test drop, alter or multiply the binary frames one end sends.
 */
import { answerKeyOffer, completeKeyOffer, createKeyOffer, type SessionKeys } from './handshake.js';
import type { WebSocketLike } from './websocket.js';

type Listener = (ev: unknown) => void;

/** One end of an in-memory WebSocket pair. */
export class MemoryWebSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  readyState = 1;
  bufferedAmount = 0;
  peer!: MemoryWebSocket;
  /** Binary frames sent by this end (before `rewrite`). */
  frames = 0;
  /** Bytes of binary frames sent by this end (before `rewrite`). */
  sentBytes = 0;
  /** The frames to deliver instead of binary frame number `n` (from 0); default: the frame itself. */
  rewrite: (frame: Uint8Array, n: number) => Uint8Array[] = (f) => [f];
  private readonly listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: never): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener as Listener]);
  }
  private deliver(type: string, ev: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(ev);
  }
  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) return;
    let out: (string | Uint8Array)[] = [data];
    if (typeof data !== 'string') {
      this.sentBytes += data.length;
      // a real copy: the sender may reuse its buffer (Buffer#slice would be a view)
      out = this.rewrite(new Uint8Array(data), this.frames++);
    }
    for (const d of out) {
      const ev = { data: typeof d === 'string' ? d : d.slice().buffer };
      setTimeout(() => this.peer.readyState !== 3 && this.peer.deliver('message', ev), 0);
    }
  }
  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => {
      this.readyState = 3;
      this.peer.readyState = 3;
      this.deliver('close', { code, reason });
      this.peer.deliver('close', { code, reason });
    }, 0);
  }
}

/** Two connected ends. */
export function memoryWebSocketPair(): [MemoryWebSocket, MemoryWebSocket] {
  const a = new MemoryWebSocket();
  const b = new MemoryWebSocket();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Session keys of a dialer and a listener after a real ECDH handshake (dialer first). */
export async function tunnelKeyPair(
  ctx = { infoHash: 'ab'.repeat(20), dialerPeerId: 'd', listenerPeerId: 'l' },
): Promise<[SessionKeys, SessionKeys]> {
  const offer = await createKeyOffer();
  const answer = await answerKeyOffer(offer.hello, ctx);
  return [await completeKeyOffer(offer, answer.hello, ctx), answer.keys];
}
