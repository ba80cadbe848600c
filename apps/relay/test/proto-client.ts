/** @module test/proto-client — a test client speaking the WebTorrent tracker JSON protocol over `ws`. */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/** A decoded message from the tracker. */
export type Msg = Record<string, unknown>;

/** 20 random bytes as a binary string (one char per byte), as the protocol sends ids. */
export function randomId(): string {
  return randomBytes(20).toString('latin1');
}

/** A WebSocket tracker client for tests: every message is queued; `next` waits with a timeout. */
export class ProtoClient {
  readonly messages: Msg[] = [];
  closed = false;
  closeCode = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Msg);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => {});
  }

  /** Connects (rejects after `timeoutMs`). */
  static open(url: string, timeoutMs = 5000): Promise<ProtoClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const t = setTimeout(() => {
        ws.terminate();
        reject(new Error(`connect timeout ${url}`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(t);
        resolve(new ProtoClient(ws));
      });
      ws.once('error', (err) => {
        clearTimeout(t);
        reject(err);
      });
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Removes and returns the first queued message matching `pred`, waiting up to `timeoutMs`. */
  async next(pred: (m: Msg) => boolean = () => true, timeoutMs = 5000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(pred);
      if (i >= 0) return this.messages.splice(i, 1)[0] as Msg;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for a message; have ${JSON.stringify(this.messages).slice(0, 300)}`);
      if (this.closed) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until the socket is closed by the server (or throws after `timeoutMs`). */
  async waitClosed(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket not closed in time');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closeCode;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** An announce message as WebTorrent sends it. */
export function announce(infoHash: string, peerId: string, extra: Record<string, unknown> = {}): Msg {
  return { action: 'announce', info_hash: infoHash, peer_id: peerId, numwant: 5, uploaded: 0, downloaded: 0, left: 100, event: 'started', offers: [], ...extra };
}

/** A fake SDP offer object (the tracker forwards it untouched). */
export function fakeOffer(tag: string): { type: string; sdp: string } {
  return { type: 'offer', sdp: `v=0\r\no=- ${tag} 2 IN IP4 127.0.0.1\r\n` };
}
