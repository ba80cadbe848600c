/**
 * @module adapters/node/tunnel-frame-reader — reads a relay's WebSocket frames (RFC 6455 §5.2,
 * server to client: unmasked) straight off a tunnel peer's TCP socket and cuts their payload
 * into tunnel records, as slices of the socket's reads.
 *
 * Why: `ws` reassembles each message (up to 1 MiB) into a fresh buffer, a copy of every byte;
 * a record's body is decrypted from the slices just as well (see `openPieces` in
 * tunnel-cipher.ts). Only data frames are read here: binary frames and their continuations,
 * with no RSV bits. Control frames (close, ping, pong) are collected whole and given to `ws`,
 * which keeps running the protocol; anything else (text, a masked or malformed frame) hands the
 * rest of the stream to `ws`, whose own checks then fail the socket as before.
 */
import { checkRecordHeader, RECORD_HEADER_BYTES } from '../../tunnel/record.js';
import { TunnelError } from '../../tunnel/errors.js';
import { WsFrameHeaderReader } from './ws-frame-header.js';

/** Where the reader's output goes. */
export interface FrameReaderSink {
  /**
   * One whole record: a fresh 4-byte header and its body as slices of the reads. The slices are
   * valid only until this call returns (their memory may be read into again, see
   * tunnel-slab-reader.ts): decrypt or copy them before returning.
   */
  record(header: Uint8Array, body: Buffer[]): void;
  /** The record framing broke; later data frames are dropped (control frames still go to `ws`). */
  error(err: Error): void;
  /** A whole control frame, for `ws`. */
  control(raw: Buffer): void;
  /** Bytes this reader does not handle (from a frame header on): for `ws`, and every later chunk too. */
  handOver(rest: Buffer): void;
}

type Phase = 'header' | 'data' | 'control' | 'handed';

/**
 * Reference counting of the buffers chunks are read into (tunnel-slab-reader.ts): the reader
 * retains the record-body slices it keeps across chunks and releases them once the record was
 * delivered (or dropped). Everything else it keeps or hands on is copied.
 */
export interface ReadBufferHolder {
  retain(b: Uint8Array): void;
  release(b: Uint8Array): void;
}

const noHolder: ReadBufferHolder = { retain: () => undefined, release: () => undefined };

/** Incremental reader of server-to-client frames carrying tunnel records. */
export class TunnelFrameReader {
  private phase: Phase = 'header';
  private readonly hdr = new WsFrameHeaderReader();
  private frameLeft = 0;
  private fin = true;
  private inMessage = false;
  private raw: Buffer[] = [];
  private recHeader = new Uint8Array(RECORD_HEADER_BYTES);
  private recHeaderLen = 0;
  private inRecord = false;
  private recLeft = 0;
  private recBody: Buffer[] = [];
  /** The slices retained for the current record (recBody may hold them merged). */
  private recHeld: Buffer[] = [];
  private failed = false;

  constructor(
    private readonly sink: FrameReaderSink,
    /** Largest record body accepted (bounds what is held per record). */
    private readonly maxRecordBody: number,
    private readonly holder: ReadBufferHolder = noHolder,
  ) {}

  /** Reads a chunk from the socket. */
  push(buf: Buffer): void {
    if (this.phase === 'handed') return this.sink.handOver(Buffer.from(buf)); // ws may keep it: a copy
    let off = 0;
    while (off < buf.length) {
      if (this.phase === 'header') {
        off = this.hdr.read(buf, off);
        if (!this.hdr.complete) continue;
        if (!this.startFrame(buf, off)) return;
      } else if (this.phase === 'data') {
        const n = Math.min(this.frameLeft, buf.length - off);
        if (!this.failed) this.records(buf, off, off + n);
        this.frameLeft -= n;
        off += n;
        if (this.frameLeft === 0) this.endDataFrame();
      } else if (this.phase === 'control') {
        const n = Math.min(this.frameLeft, buf.length - off);
        this.raw.push(Buffer.from(buf.subarray(off, off + n))); // a copy: control frames are small
        this.frameLeft -= n;
        off += n;
        if (this.frameLeft === 0) this.endControlFrame();
      } else return this.sink.handOver(Buffer.from(buf.subarray(off)));
    }
  }

  /** A header is complete: decides how the frame is read. Returns false once the stream is handed to `ws`. */
  private startFrame(buf: Buffer, off: number): boolean {
    const { fin, rsv, opcode, masked, length } = this.hdr.header();
    const dataFrame = (opcode === 2 && !this.inMessage) || (opcode === 0 && this.inMessage);
    if (rsv !== 0 || masked || !Number.isFinite(length) || (opcode >= 8 && (!fin || length > 125)) || (opcode < 8 && !dataFrame)) {
      this.phase = 'handed';
      this.sink.handOver(Buffer.concat([this.hdr.raw(), buf.subarray(off)]));
      return false;
    }
    this.frameLeft = length;
    if (opcode >= 8) {
      this.phase = 'control';
      this.raw = [Buffer.from(this.hdr.raw())]; // a control frame (≤ 125 bytes) from a server has a 2-byte header
      this.hdr.reset();
      if (length === 0) this.endControlFrame();
      return true;
    }
    this.hdr.reset();
    this.fin = fin;
    this.inMessage = !fin;
    this.phase = 'data';
    if (length === 0) this.endDataFrame();
    return true;
  }

  private endDataFrame(): void {
    this.phase = 'header';
    // Records never cross messages (tunnel/record.ts): a message ends on a record boundary.
    if (this.fin && !this.failed && (this.inRecord || this.recHeaderLen > 0)) this.fail(new TunnelError('PROTOCOL_ERROR', 'record body is truncated'));
  }

  private endControlFrame(): void {
    const raw = Buffer.concat(this.raw);
    this.raw = [];
    this.phase = 'header';
    this.sink.control(raw);
  }

  private fail(err: Error): void {
    this.failed = true;
    this.releaseBody(this.recHeld);
    this.recBody = [];
    this.recHeld = [];
    this.sink.error(err);
  }

  /** Cuts payload bytes `buf[off, end)` into records. */
  private records(buf: Buffer, off: number, end: number): void {
    while (off < end && !this.failed) {
      if (!this.inRecord) {
        const n = Math.min(RECORD_HEADER_BYTES - this.recHeaderLen, end - off);
        this.recHeader.set(buf.subarray(off, off + n), this.recHeaderLen);
        this.recHeaderLen += n;
        off += n;
        if (this.recHeaderLen < RECORD_HEADER_BYTES) continue;
        try {
          this.recLeft = checkRecordHeader(this.recHeader, this.maxRecordBody);
        } catch (err) {
          return this.fail(err as Error);
        }
        this.inRecord = true;
        this.recBody = [];
      } else {
        const n = Math.min(this.recLeft, end - off);
        const piece = buf.subarray(off, off + n);
        this.holder.retain(piece);
        this.recHeld.push(piece);
        // Consecutive reads into one slab (tunnel-slab-reader.ts) are adjacent in memory: a body
        // read in several chunks is then one slice, decrypted in one call (fewer cipher calls
        // and output buffers).
        const last = this.recBody[this.recBody.length - 1];
        if (last && last.buffer === piece.buffer && last.byteOffset + last.length === piece.byteOffset) {
          this.recBody[this.recBody.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + n);
        } else this.recBody.push(piece);
        this.recLeft -= n;
        off += n;
      }
      if (this.inRecord && this.recLeft === 0) {
        const [header, body, held] = [this.recHeader, this.recBody, this.recHeld];
        this.recHeader = new Uint8Array(RECORD_HEADER_BYTES);
        this.recHeaderLen = 0;
        this.inRecord = false;
        this.recBody = [];
        this.recHeld = [];
        try {
          this.sink.record(header, body);
        } finally {
          this.releaseBody(held);
        }
      }
    }
  }

  private releaseBody(body: readonly Buffer[]): void {
    for (const b of body) this.holder.release(b);
  }
}
