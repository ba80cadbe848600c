/**
 * @module tunnel/frame-parser — reads a client's WebSocket frames (RFC 6455 §5.2) straight off
 * its TCP socket once a circuit is open, so binary data can be forwarded frame by frame.
 *
 * Why: letting `ws` reassemble each message (up to 1 MiB) copies every byte into a fresh
 * buffer and feeds the GC, which dominated the relay's profile. Here a data frame's payload is
 * unmasked in place in the socket's own read buffers and handed on as those slices; nothing is
 * copied. Only data frames take this path: binary frames and their continuations, masked, with
 * no RSV bits. Control frames (close, ping, pong) are collected whole and given back to `ws`,
 * which keeps running the protocol (close handshake and codes). Unmasked data frames are taken
 * only from a client that asked for them in its request and was told so in its OK (a Node
 * peer's wire: no masking pass on either end, see tunnel/wire.ts in @seedling/core). Anything
 * else — text, a bad opcode, another unmasked frame — hands the rest of the stream to `ws`, whose own checks then fail
 * the socket as before (text → MALFORMED_MESSAGE in the circuit, 1002). A message past the
 * size limit is reported to the sink, which closes the sender with 1009 as `ws` would.
 */
// Unmasking in place: the wasm SIMD kernel of @seedling/hasher-wasm (no native addon).
import { encodeWsFrameHeader, maskWebSocketPayload, WsFrameHeaderReader } from '@seedling/core/node';

/** One data frame, payload unmasked, as slices of the received buffers. */
export interface DataFrame {
  fin: boolean;
  /** 2 = binary (first frame of a message), 0 = continuation. */
  opcode: 0 | 2;
  length: number;
  pieces: Buffer[];
}

/** Where parsed frames go. */
export interface FrameSink {
  /** A data frame's header was read (payload not yet): false stops parsing for good (not forwarded). */
  begin(length: number): boolean;
  /** A whole data frame. */
  data(frame: DataFrame): void;
  /** A whole control frame, still masked, for `ws`. */
  control(raw: Buffer): void;
  /** A message grew past the size limit (the sink ends the circuit; its frames are then dropped in `begin`/`data`). */
  oversize(): void;
  /** Bytes this parser does not forward (from a frame header on): for `ws` (called again for later chunks). */
  handOver(rest: Buffer): void;
}

type Phase = 'header' | 'payload' | 'control' | 'handed' | 'stopped';

/**
 * Reference counting of the buffers chunks are read into (see tunnel-slab-reader.ts in @seedling/core/node): the parser
 * retains what it keeps past a {@link FrameParser.push} call (stashed chunks, frame pieces) and
 * releases stashed chunks once parsed; frame pieces are released by whoever forwarded them.
 */
export interface ChunkHolder {
  retain(b: Uint8Array): void;
  release(b: Uint8Array): void;
}

const noHolder: ChunkHolder = { retain: () => undefined, release: () => undefined };

/** Incremental parser of client-to-server frames. */
export class FrameParser {
  private phase: Phase = 'header';
  private readonly hdr = new WsFrameHeaderReader();
  private frame: DataFrame = { fin: true, opcode: 2, length: 0, pieces: [] };
  private got = 0;
  /** The masking key of the current data frame. */
  private readonly key = Buffer.alloc(4);
  /** Whether the current data frame is masked. */
  private masked = true;
  private raw: Buffer[] = [];
  private inMessage = false;
  private messageBytes = 0;
  /** Chunks received while paused, in order (not concatenated: no copy). */
  private stash: Buffer[] = [];
  /** While set, received bytes are kept (not parsed) until {@link resume}. */
  paused = false;

  constructor(
    private readonly sink: FrameSink,
    /** Largest message (sum of its frames), as `ws`'s maxPayload. */
    private readonly maxMessageBytes: number,
    private readonly holder: ChunkHolder = noHolder,
    /**
     * Whether unmasked data frames are taken too (the client asked for it in CONNECT / ACCEPT
     * and was told so in its OK: a Node peer's wire skips masking, see tunnel/wire.ts in
     * @seedling/core). Masked frames are always taken; control frames must be masked (ws reads them).
     */
    private readonly acceptUnmasked = false,
  ) {}

  /** Parses a chunk read from the socket (kept for later while paused). */
  push(chunk: Buffer): void {
    if (this.phase === 'handed') return this.sink.handOver(Buffer.from(chunk)); // ws may keep it: a copy
    if (this.phase === 'stopped') return;
    if (this.paused || this.stash.length > 0) {
      this.holder.retain(chunk);
      this.stash.push(chunk);
      return;
    }
    this.parse(chunk, 0);
  }

  /** Parses what arrived while paused; returns false if parsing paused again. */
  resume(): boolean {
    this.paused = false;
    while (this.stash.length > 0 && !this.paused && (this.phase as Phase) !== 'stopped') {
      const chunk = this.stash.shift()!;
      if (this.phase === 'handed') this.sink.handOver(Buffer.from(chunk));
      else this.parse(chunk, 0);
      this.holder.release(chunk);
    }
    return !this.paused;
  }

  /** Stops parsing; later bytes are dropped. */
  stop(): void {
    this.phase = 'stopped';
    this.stash = [];
  }

  private parse(buf: Buffer, off: number): void {
    while (off < buf.length) {
      if (this.paused) {
        const rest = buf.subarray(off); // the rest of this chunk goes before later ones
        this.holder.retain(rest);
        this.stash.unshift(rest);
        return;
      }
      if (this.phase === 'header') {
        off = this.hdr.read(buf, off);
        if (!this.hdr.complete) continue;
        if (!this.startFrame(buf, off)) return;
        continue;
      }
      if (this.phase === 'payload') {
        const f = this.frame;
        const n = Math.min(f.length - this.got, buf.length - off);
        const piece = buf.subarray(off, off + n);
        if (this.masked) maskWebSocketPayload(piece, this.key, this.got);
        this.holder.retain(piece);
        f.pieces.push(piece);
        this.got += n;
        off += n;
        if (this.got === f.length) this.endDataFrame();
        continue;
      }
      if (this.phase === 'control') {
        const n = Math.min(this.frame.length - this.got, buf.length - off);
        this.raw.push(Buffer.from(buf.subarray(off, off + n))); // a copy: control frames are small
        this.got += n;
        off += n;
        if (this.got === this.frame.length) this.endControlFrame();
        continue;
      }
      return; // handed over or stopped inside a sink call
    }
  }

  /** A header is complete: decides how the frame is handled. Returns false when parsing must end. */
  private startFrame(buf: Buffer, off: number): boolean {
    const { fin, rsv, opcode, masked, length, maskOffset } = this.hdr.header();
    const raw = this.hdr.raw();
    const dataFrame = (opcode === 2 && !this.inMessage) || (opcode === 0 && this.inMessage);
    const messageBytes = (opcode === 0 ? this.messageBytes : 0) + length;
    if (rsv !== 0 || (!masked && !(this.acceptUnmasked && dataFrame)) || (opcode >= 8 && (!fin || length > 125)) || (opcode < 8 && !dataFrame)) {
      // ws fails the socket on these (1002), or reads text (MALFORMED_MESSAGE in a circuit).
      this.phase = 'handed';
      this.sink.handOver(Buffer.concat([raw, buf.subarray(off)]));
      return false;
    }
    this.got = 0;
    this.frame = { fin, opcode: opcode === 0 ? 0 : 2, length, pieces: [] };
    if (opcode >= 8) {
      this.phase = 'control';
      this.raw = [Buffer.from(raw)];
      if (length === 0) this.endControlFrame();
      return (this.phase as Phase) !== 'stopped';
    }
    if (messageBytes > this.maxMessageBytes) this.sink.oversize();
    if (!this.sink.begin(length)) {
      this.stop();
      return false;
    }
    this.messageBytes = messageBytes;
    this.inMessage = !fin;
    this.masked = masked;
    if (masked) raw.copy(this.key, 0, maskOffset, maskOffset + 4);
    this.phase = 'payload';
    if (length === 0) this.endDataFrame();
    return (this.phase as Phase) !== 'stopped';
  }

  private resetHeader(): void {
    this.hdr.reset();
  }

  private endDataFrame(): void {
    const f = this.frame;
    this.phase = 'header';
    this.resetHeader();
    this.sink.data(f);
  }

  private endControlFrame(): void {
    const raw = Buffer.concat(this.raw);
    this.raw = [];
    this.phase = 'header';
    this.resetHeader();
    this.sink.control(raw);
  }
}

/** The header of a server-to-client frame (unmasked, RFC 6455 §5.2). */
export function serverFrameHeader(fin: boolean, opcode: number, length: number): Buffer {
  return encodeWsFrameHeader(fin, opcode, length);
}
