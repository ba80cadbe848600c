/**
 * @module tunnel/record-receiver — the receive path of a SecureConnection: received
 * records are checked against the flow-control window the receiver granted, their decryption
 * starts on arrival (asynchronous ciphers open many at once), and their plaintexts are delivered
 * in counter order: DATA bytes, WINDOW credit, FIN.
 */
import { TunnelError } from './errors.js';
import { GCM_TAG_BYTES, LARGE_RECORD_PLAINTEXT, RecordType, checkRecordHeader, joinPieces as join, parseRecords, type RecordTypeId } from './record.js';
import { isPromise, type RecordCipher } from './record-cipher.js';

/** Credit every receiver grants implicitly at the start (protocol constant). */
export const INITIAL_WINDOW_BYTES = 256 * 1024;
/** Most received records awaiting decryption before the peer is judged abusive. */
const MAX_PENDING_RECORDS = 1024;
/** Largest record body this implementation accepts (what its HELLO announced). */
export const MAX_RECEIVED_BODY = LARGE_RECORD_PLAINTEXT + GCM_TAG_BYTES;

type Plain = Uint8Array | Uint8Array[];
type Pending = { type: RecordTypeId; plain: Plain | Promise<Uint8Array> };

/** What the receive path hands to its connection, in record order. */
export interface RecordReceiverEvents {
  /** Plaintext of a DATA record (never empty). */
  data(chunk: Uint8Array): void;
  /** Credit returned by the peer in a WINDOW record. */
  window(bytes: number): void;
  /** A record was processed (readers and writers may proceed). */
  progress(): void;
  /** The peer broke the protocol or a record failed authentication; the connection must {@link RecordReceiver.stop}. */
  fail(err: Error): void;
  /** Every pending record is processed. */
  idle(): void;
}

/** Opens and orders the records a peer sends, within the window granted to it. */
export class RecordReceiver {
  /** True once the peer's FIN was delivered. */
  ended = false;
  private readonly opener: RecordCipher;
  private readonly events: RecordReceiverEvents;
  private counter = 0;
  /** DATA bytes the peer may still send (what we granted minus what arrived). */
  private allowance = INITIAL_WINDOW_BYTES;
  private readonly pending: Pending[] = [];
  private draining = false;
  private stopped = false;

  constructor(opener: RecordCipher, events: RecordReceiverEvents) {
    this.opener = opener;
    this.events = events;
  }

  /** Records received and not yet delivered. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Adds to the window granted to the peer (the WINDOW record is the connection's to send). */
  grant(bytes: number): void {
    this.allowance += bytes;
  }

  /** Drops what is pending and ignores whatever arrives later (the connection failed). */
  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
  }

  /** A binary WebSocket message: one or more whole records. */
  receiveMessage(data: Uint8Array): void {
    if (this.stopped) return;
    let records;
    try {
      records = parseRecords(data, MAX_RECEIVED_BODY);
    } catch (err) {
      return this.events.fail(err as Error);
    }
    for (const r of records) {
      if (!this.accept(r.type, r.body.length, (counter) => this.opener.open(counter, r.header, r.body))) return;
    }
  }

  /** A record read by the wire (header checked by it; checked again here, as it is cheap). */
  receiveWireRecord(header: Uint8Array, body: readonly Uint8Array[]): void {
    if (this.stopped) return;
    let length = 0;
    for (const b of body) length += b.length;
    try {
      if (checkRecordHeader(header, MAX_RECEIVED_BODY) !== length) throw new TunnelError('PROTOCOL_ERROR', 'record body is truncated');
    } catch (err) {
      return this.events.fail(err as Error);
    }
    const o = this.opener;
    this.accept(header[0] as RecordTypeId, length, (counter) => (o.openPieces ? o.openPieces(counter, header, body) : o.open(counter, header, join(body))));
  }

  /** Checks a received record against the flow-control window and starts opening it; false if the connection failed. */
  private accept(type: RecordTypeId, bodyLength: number, open: (counter: number) => Plain | Promise<Uint8Array>): boolean {
    if (type === RecordType.HELLO) {
      this.events.fail(new TunnelError('PROTOCOL_ERROR', 'HELLO after the handshake'));
      return false;
    }
    const length = bodyLength - GCM_TAG_BYTES;
    if (type === RecordType.DATA) {
      if (length === 0 || length > this.allowance) {
        this.events.fail(new TunnelError('PROTOCOL_ERROR', 'peer exceeded its flow-control window'));
        return false;
      }
      this.allowance -= length;
    }
    if (this.pending.length >= MAX_PENDING_RECORDS) {
      this.events.fail(new TunnelError('PROTOCOL_ERROR', 'too many records pending'));
      return false;
    }
    let plain: Plain | Promise<Uint8Array>;
    try {
      plain = open(this.counter++);
    } catch (cause) {
      plain = Promise.reject(cause); // records before it are still delivered, in order
    }
    if (isPromise(plain)) plain.catch(() => undefined);
    this.pending.push({ type, plain });
    // A synchronous cipher's records are delivered at once, so only records still being
    // decrypted count against MAX_PENDING_RECORDS (one message may hold many small records).
    if (!this.draining) void this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    while (this.pending.length > 0 && !this.stopped) {
      const p = this.pending[0]!;
      let plain: Plain;
      try {
        plain = isPromise(p.plain) ? await p.plain : p.plain;
      } catch (cause) {
        this.events.fail(new TunnelError('DECRYPT_FAILED', 'a tunnel record failed authentication (tampered?)', { cause }));
        break;
      }
      if (this.stopped) break; // failed while this record was being decrypted
      this.pending.shift();
      if (this.ended) {
        this.events.fail(new TunnelError('PROTOCOL_ERROR', 'record after FIN'));
        break;
      }
      if (p.type === RecordType.DATA) {
        if (plain instanceof Uint8Array) this.events.data(plain);
        else for (const c of plain) if (c.length > 0) this.events.data(c);
      } else if (p.type === RecordType.WINDOW) {
        if (!(plain instanceof Uint8Array)) plain = join(plain);
        if (plain.byteLength !== 4) {
          this.events.fail(new TunnelError('PROTOCOL_ERROR', 'bad WINDOW record'));
          break;
        }
        this.events.window(((plain[0]! << 24) | (plain[1]! << 16) | (plain[2]! << 8) | plain[3]!) >>> 0);
      } else if (p.type === RecordType.FIN) this.ended = true;
      this.events.progress();
    }
    this.draining = false;
    this.events.idle();
  }
}
