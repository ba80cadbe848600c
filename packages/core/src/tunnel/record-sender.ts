/**
 * @module tunnel/record-sender — seals outgoing records in counter order and coalesces them
 * into large WebSocket messages.
 *
 * Per-message cost (framing, masking, event dispatch, buffer allocation, on both peers and the
 * relay) dominates a relayed tunnel, so records sealed in the same turn of the event loop leave
 * as one message of up to `maxMessageBytes` (what the relay accepts). A synchronous cipher seals
 * in place; an asynchronous one (WebCrypto) runs many records in parallel, and records still
 * leave strictly in counter order.
 */
import { GCM_TAG_BYTES, MAX_RECORD_PLAINTEXT, RECORD_HEADER_BYTES, writeRecordHeader, type RecordTypeId } from './record.js';
import { isPromise, type RecordCipher, type SealedBody } from './record-cipher.js';

type Queued = { header: Uint8Array; sealed: SealedBody | undefined };

/** Largest message that holds one full record (the floor of `maxMessageBytes`). */
export const ONE_RECORD_MESSAGE_BYTES = RECORD_HEADER_BYTES + MAX_RECORD_PLAINTEXT + GCM_TAG_BYTES;

/** Callbacks of a {@link RecordSender}. */
export interface RecordSenderHooks {
  /** Sends one binary message. */
  send(message: Uint8Array): void;
  /**
   * Optional: sends one binary message given as its parts (record headers and sealed bodies,
   * handed over), so they need not be joined into one buffer first (see tunnel/wire.ts).
   */
  sendParts?(parts: readonly Uint8Array[], bytes: number): void;
  /** Sealing failed: the connection must fail. */
  fail(cause: unknown): void;
  /** Records left the queue (writers waiting on `pending` may go on). */
  progress(): void;
}

/** Seals and sends records; {@link pending} counts records not yet handed to the socket. */
export class RecordSender {
  private counter = 0;
  private readonly queue: Queued[] = [];
  private parts: Uint8Array[] = [];
  private partsBytes = 0;
  private flushScheduled = false;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly cipher: RecordCipher,
    private readonly maxMessageBytes: number,
    private readonly hooks: RecordSenderHooks,
  ) {}

  /** Records sealed or being sealed, not yet sent. */
  get pending(): number {
    return this.queue.length;
  }

  /** Seals `plain` as the next record of `type` and queues it; `plain` may be reused on return. */
  push(type: RecordTypeId, plain: Uint8Array): void {
    if (this.stopped) return;
    const header = new Uint8Array(RECORD_HEADER_BYTES);
    writeRecordHeader(header, 0, type, plain.length + GCM_TAG_BYTES);
    let sealed: SealedBody | Promise<SealedBody>;
    try {
      sealed = this.cipher.seal(this.counter++, header, plain);
    } catch (cause) {
      return this.fail(cause);
    }
    if (!isPromise(sealed)) {
      this.queue.push({ header, sealed });
      if (this.queue.length === 1) this.pump();
      return;
    }
    const entry: Queued = { header, sealed: undefined };
    this.queue.push(entry);
    sealed.then(
      (body) => {
        entry.sealed = body;
        if (this.queue[0] === entry) this.pump();
      },
      (cause) => this.fail(cause),
    );
  }

  /** Resolves once every queued record has been handed to the socket. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.partsBytes === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops everything queued; nothing more is sent. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.parts = [];
    this.partsBytes = 0;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private fail(cause: unknown): void {
    this.stop();
    this.hooks.fail(cause);
  }

  /** Moves every sealed record at the head of the queue into the message being built. */
  private pump(): void {
    let moved = false;
    while (this.queue.length > 0 && !this.stopped) {
      const head = this.queue[0]!;
      if (head.sealed === undefined) break; // still sealing: records behind it wait (order)
      this.queue.shift();
      this.append(head.header, head.sealed);
      moved = true;
    }
    // Ready records leave once nothing is left to seal, or when a message is full (append);
    // while an asynchronous seal is running they wait for it, to fill the message.
    if (this.queue.length === 0) this.scheduleFlush();
    if (moved) this.hooks.progress();
  }

  private append(header: Uint8Array, body: SealedBody): void {
    let n = header.length;
    if (body instanceof Uint8Array) n += body.length;
    else for (const b of body) n += b.length;
    if (this.partsBytes + n > this.maxMessageBytes) this.flush(false); // this record is not out yet
    this.parts.push(header);
    if (body instanceof Uint8Array) this.parts.push(body);
    else this.parts.push(...body);
    this.partsBytes += n;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Everything sealed in this turn (e.g. one large write) leaves as few messages as possible.
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(settleIdle = true): void {
    if (this.partsBytes > 0 && !this.stopped && this.hooks.sendParts) {
      const [parts, bytes] = [this.parts, this.partsBytes];
      this.parts = [];
      this.partsBytes = 0;
      this.hooks.sendParts(parts, bytes);
    } else if (this.partsBytes > 0 && !this.stopped) {
      const msg = this.cipher.allocate ? this.cipher.allocate(this.partsBytes) : new Uint8Array(this.partsBytes);
      let o = 0;
      for (const p of this.parts) {
        msg.set(p, o);
        o += p.length;
      }
      this.parts = [];
      this.partsBytes = 0;
      this.hooks.send(msg);
    }
    if (settleIdle && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
