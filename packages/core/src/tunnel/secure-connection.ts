/**
 * @module tunnel/secure-connection — the encrypted, flow-controlled byte stream over a circuit.
 *
 * Sending: each write is cut into DATA records of up to 1 MiB (whatever fits a message) when the peer's
 * HELLO announced it (older peers: 256 KiB) (else 64 KiB; writes under 16 KiB made in one turn share one record), sealed in counter order by a
 * {@link RecordSender}, which coalesces the records of one turn into WebSocket messages of up
 * to `maxMessageBytes`. Receiving: every record's decryption starts on arrival and results are
 * delivered in order ({@link RecordReceiver}). The cipher is WebCrypto by default (asynchronous: records run in
 * parallel) or an injected synchronous one (Node's node:crypto), with identical bytes on the
 * wire. Flow control is credit-based (like HTTP/2): a sender may have at most the receiver's
 * window of unread DATA bytes outstanding; the receiver returns credit in encrypted WINDOW
 * records as the consumer pulls. This bounds memory on both peers and the relay even where a
 * WebSocket cannot pause reading (browsers). FIN is an authenticated end of stream.
 */
import type { Connection } from '../transport/transport.js';
import { TunnelError } from './errors.js';
import { statusFromCloseCode } from './control.js';
import type { SessionKeys } from './handshake.js';
import { GCM_TAG_BYTES, LARGE_RECORD_PLAINTEXT, MAX_RECORD_PLAINTEXT, RECORD_HEADER_BYTES, RecordType, joinPieces as join } from './record.js';
import { webCryptoCipher, type RecordCipherFactory } from './record-cipher.js';
import { INITIAL_WINDOW_BYTES, MAX_RECEIVED_BODY, RecordReceiver } from './record-receiver.js';
import { ONE_RECORD_MESSAGE_BYTES, RecordSender } from './record-sender.js';
import type { SocketEvent, SocketPort } from './websocket.js';
import type { TunnelWire, TunnelWireFactory } from './wire.js';

export { INITIAL_WINDOW_BYTES } from './record-receiver.js';
/** Default receive window: unread bytes a peer may send ahead. */
export const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024;
/** Default number of asynchronous (WebCrypto) encryptions in flight per connection. */
export const DEFAULT_MAX_INFLIGHT_RECORDS = 32;
/**
 * Writes shorter than this are staged and sealed together, one record per turn of the event
 * loop: BitTorrent sends many tiny messages (have, request: 9–17 bytes), and a record each
 * would cost a cipher setup and 20 bytes of header and tag per message.
 */
export const SMALL_WRITE_BYTES = 16 * 1024;

/** Tuning of a {@link SecureConnection}. */
export interface SecureConnectionOptions {
  /** Receive window in bytes (≥ 256 KiB; default 8 MiB). */
  windowBytes?: number;
  /** Encryptions in flight before `write` waits (default 32). */
  maxInflightRecords?: number;
  /**
   * Largest WebSocket message to send (records are coalesced up to it). Dialing and listening
   * use the relay's advertised frame limit, capped by this (default 1 MiB + 1 KiB); a
   * connection built directly defaults to one full record per message.
   */
  maxMessageBytes?: number;
  /** Record cipher from a raw key, e.g. `nodeTunnelCipher` from `@seedling/core/node`; default WebCrypto. */
  cipher?: RecordCipherFactory;
  /**
   * Message path that bypasses the WebSocket library's copies, e.g. `nodeTunnelWire` from
   * `@seedling/core/node` (see tunnel/wire.ts); default: the socket's `send` and `message` events.
   */
  wire?: TunnelWireFactory;
  /**
   * Set by dialing / listening from the circuit's OK status (not a user option): the relay reads
   * this socket's data frames unmasked, so a wire may skip masking (see tunnel/wire.ts).
   */
  unmaskedFrames?: boolean;
}

/** A {@link Connection} of kind 'tunnel' whose bytes are end-to-end encrypted. */
export class SecureConnection implements Connection {
  readonly kind = 'tunnel' as const;
  readonly remoteAddress: string;
  /** Transcript fingerprint (hex), equal on both ends unless an active relay sat in the middle. */
  readonly fingerprint: string;
  readonly readable: AsyncIterable<Uint8Array>;
  readonly closed: Promise<void>;

  private readonly port: SocketPort;
  private readonly window: number;
  private readonly maxInflight: number;
  /** Largest DATA plaintext sent in one record: what the peer accepts, within one message. */
  private readonly recordPlaintext: number;
  private readonly sender: RecordSender;
  private readonly receiver: RecordReceiver;
  private readonly wire: TunnelWire | undefined;
  private credit = INITIAL_WINDOW_BYTES;
  private unacked = 0;
  private readonly chunks: Uint8Array[] = [];
  /** Small writes not yet sealed (see {@link SMALL_WRITE_BYTES}); their credit is already spent. */
  private staged: Uint8Array | undefined;
  private stagedBytes = 0;
  private stageFlushScheduled = false;
  private error: Error | undefined;
  private closing = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriters: Array<() => void> = [];
  private resolveClosed!: () => void;
  private socketClosed: { code: number; reason: string } | undefined;

  constructor(port: SocketPort, keys: SessionKeys, remoteAddress: string, options: SecureConnectionOptions = {}) {
    this.port = port;
    this.remoteAddress = remoteAddress;
    this.fingerprint = keys.fingerprint;
    this.window = Math.max(INITIAL_WINDOW_BYTES, options.windowBytes ?? DEFAULT_WINDOW_BYTES);
    this.maxInflight = Math.max(1, options.maxInflightRecords ?? DEFAULT_MAX_INFLIGHT_RECORDS);
    const maxMessage = Math.max(ONE_RECORD_MESSAGE_BYTES, options.maxMessageBytes ?? ONE_RECORD_MESSAGE_BYTES);
    const peerMax = Math.max(MAX_RECORD_PLAINTEXT, keys.peerMaxRecordPlaintext ?? MAX_RECORD_PLAINTEXT);
    this.recordPlaintext = Math.min(peerMax, LARGE_RECORD_PLAINTEXT, maxMessage - RECORD_HEADER_BYTES - GCM_TAG_BYTES);
    const sealer = options.cipher ? options.cipher(keys.sendKeyBytes) : webCryptoCipher(keys.sendKey);
    this.receiver = new RecordReceiver(options.cipher ? options.cipher(keys.recvKeyBytes) : webCryptoCipher(keys.recvKey), {
      data: (chunk) => this.chunks.push(chunk),
      window: (bytes) => (this.credit += bytes),
      progress: () => this.wake(),
      fail: (err) => this.fail(err),
      idle: () => this.settle(),
    });
    const send = (msg: Uint8Array): void => {
      if (!this.error && this.port.ws.readyState === 1) this.port.ws.send(msg);
    };
    this.sender = new RecordSender(sealer, maxMessage, {
      send,
      ...(options.wire
        ? {
            sendParts: (parts: readonly Uint8Array[], bytes: number) => {
              if (!this.wire) return send(join(parts));
              if (!this.error && this.port.ws.readyState === 1) this.wire.send(parts, bytes);
            },
          }
        : {}),
      fail: (cause) => this.fail(new TunnelError('PROTOCOL_ERROR', 'encryption failed', { cause })),
      progress: () => this.wake(),
    });
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.readable = { [Symbol.asyncIterator]: () => this.iterate() };
    // Queued socket events are handled first; the wire (if any) reads what comes after them.
    port.attach((ev) => this.onEvent(ev));
    this.wire = port.isClosed
      ? undefined
      : options.wire?.(port.ws, { record: (header, body) => this.receiver.receiveWireRecord(header, body), error: (err) => this.fail(err) }, MAX_RECEIVED_BODY, { unmasked: options.unmaskedFrames === true });
    if (this.window > INITIAL_WINDOW_BYTES) this.grant(this.window - INITIAL_WINDOW_BYTES);
  }

  async write(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) {
      while (!this.error && !this.closing && this.credit <= 0) await this.waitWriters();
      if (this.error) throw this.error;
      if (this.closing) throw new TunnelError('CLOSED', 'connection is closed');
      const n = Math.min(this.recordPlaintext, data.length - off, this.credit);
      this.credit -= n;
      if (n < SMALL_WRITE_BYTES) this.stage(data.subarray(off, off + n));
      else {
        this.flushStaged(); // keeps byte order
        this.sender.push(RecordType.DATA, data.subarray(off, off + n));
      }
      off += n;
      while (!this.error && this.sender.pending >= this.maxInflight) await this.waitWriters();
    }
    if (this.error) throw this.error;
  }

  close(err?: Error): void {
    if (this.closing) return;
    this.closing = true;
    if (err) {
      this.fail(err);
      return;
    }
    this.flushStaged();
    this.sender.push(RecordType.FIN, new Uint8Array(0));
    void this.sender.idle().then(() => {
      if (!this.error && this.port.ws.readyState < 2) this.port.ws.close(1000, 'closed');
    });
    this.wake();
  }

  /** Copies a small write into the staging record, sealed at the end of this turn (or when full). */
  private stage(bytes: Uint8Array): void {
    if (this.stagedBytes + bytes.length > MAX_RECORD_PLAINTEXT) this.flushStaged();
    this.staged ??= new Uint8Array(MAX_RECORD_PLAINTEXT);
    this.staged.set(bytes, this.stagedBytes);
    this.stagedBytes += bytes.length;
    if (this.stageFlushScheduled) return;
    this.stageFlushScheduled = true;
    queueMicrotask(() => {
      this.stageFlushScheduled = false;
      this.flushStaged();
    });
  }

  /** Seals the staged small writes as one DATA record (the cipher copies it: the buffer is reused). */
  private flushStaged(): void {
    if (this.stagedBytes === 0 || !this.staged) return;
    const n = this.stagedBytes;
    this.stagedBytes = 0;
    if (!this.error) this.sender.push(RecordType.DATA, this.staged.subarray(0, n));
  }

  private grant(bytes: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, bytes);
    this.receiver.grant(bytes);
    this.sender.push(RecordType.WINDOW, b);
  }

  private onEvent(ev: SocketEvent): void {
    if (ev.kind === 'close' && this.error) {
      this.socketClosed = ev;
      return this.resolveClosed();
    }
    if (this.error) return;
    if (ev.kind === 'close') {
      this.socketClosed = ev;
      return this.settle();
    }
    if (ev.kind === 'text') return this.fail(new TunnelError('PROTOCOL_ERROR', 'unexpected text frame in a circuit'));
    this.receiver.receiveMessage(ev.data);
  }

  /** Decides how the stream ends once the socket closed and every pending record is processed. */
  private settle(): void {
    const ev = this.socketClosed;
    if (!ev) return;
    if (this.error) return this.resolveClosed();
    if (this.receiver.pendingCount > 0) return; // the receiver calls settle() again when idle
    const status = statusFromCloseCode(ev.code);
    if (status && !this.receiver.ended) return this.fail(new TunnelError(status, `relay closed the circuit: ${ev.reason || status}`));
    if (!this.receiver.ended && !this.closing) return this.fail(new TunnelError('TRUNCATED', `circuit closed (${ev.code}) before the peer's end-of-stream`));
    this.closing = true;
    this.wake();
    this.resolveClosed();
  }

  private fail(err: Error): void {
    if (!this.error) this.error = err;
    this.closing = true;
    this.receiver.stop();
    this.sender.stop();
    if (this.port.ws.readyState < 2) this.port.ws.close(3000, err instanceof TunnelError ? err.code : 'error');
    this.wake();
    if (this.socketClosed) this.resolveClosed();
    else {
      // The socket's own close timeout is longer; do not keep a Node process alive for this.
      const t = setTimeout(() => this.resolveClosed(), 5000) as unknown as { unref?: () => void };
      t.unref?.();
    }
  }

  private wake(): void {
    const r = this.wakeReader;
    this.wakeReader = undefined;
    r?.();
    for (const w of this.wakeWriters.splice(0)) w();
  }

  private waitWriters(): Promise<void> {
    return new Promise((resolve) => this.wakeWriters.push(resolve));
  }

  private async *iterate(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.unacked += chunk.length;
        if (this.unacked >= this.window / 4 && !this.closing) {
          this.grant(this.unacked);
          this.unacked = 0;
        }
        yield chunk;
        continue;
      }
      if (this.error) throw this.error;
      if (this.receiver.ended || this.closing) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }
}
