/**
 * @module adapters/node/ws-frame-header — WebSocket frame headers (RFC 6455 §5.2), read
 * incrementally from socket chunks and written, for the code that reads and writes tunnel frames
 * on raw sockets: the peer's Node wire (tunnel-frame-reader.ts, tunnel-wire.ts) and the relay's
 * frame parser (apps/relay/src/tunnel/frame-parser.ts). One parser for both, so a fix to header
 * handling (split headers, 64-bit lengths) lands in both.
 *
 * Header layout: byte 0 = FIN | RSV1-3 | opcode; byte 1 = MASK | 7-bit length (126: a 16-bit
 * length follows, 127: a 64-bit one); then the 4-byte masking key when MASK is set.
 */

/** A parsed frame header. */
export interface WsFrameHeader {
  fin: boolean;
  /** The RSV1-3 bits (0x70 mask of byte 0); non-zero only with a negotiated extension. */
  rsv: number;
  opcode: number;
  masked: boolean;
  /**
   * Payload length. `Infinity` when the 64-bit length is past 2^53 (no implementation here
   * accepts such a frame; callers treat it as malformed).
   */
  length: number;
  /** Where the 4-byte masking key starts in {@link WsFrameHeaderReader.raw} (when `masked`). */
  maskOffset: number;
}

/**
 * Accumulates one frame header at a time from a stream of chunks, however they split it.
 * Usage: `off = reader.read(chunk, off)`; once {@link complete}, {@link header} parses it and
 * {@link reset} starts the next one.
 */
export class WsFrameHeaderReader {
  private readonly buf = Buffer.alloc(14);
  private len = 0;
  private need = 2;

  /** Copies header bytes from `chunk[off…]` until the header is complete; returns the new offset. */
  read(chunk: Uint8Array, off: number): number {
    while (this.len < this.need && off < chunk.length) {
      const n = Math.min(this.need - this.len, chunk.length - off);
      this.buf.set(chunk.subarray(off, off + n), this.len);
      this.len += n;
      off += n;
      if (this.len === 2) {
        const len7 = this.buf[1]! & 0x7f;
        this.need = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (this.buf[1]! & 0x80 ? 4 : 0);
      }
    }
    return off;
  }

  /** Whether a whole header (with its extended length and masking key) has been read. */
  get complete(): boolean {
    return this.len >= 2 && this.len === this.need;
  }

  /** The header bytes read so far (a view of this reader's buffer: copy what you keep past {@link reset}). */
  raw(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Parses the complete header. */
  header(): WsFrameHeader {
    const h = this.buf;
    const len7 = h[1]! & 0x7f;
    let length = len7;
    let at = 2;
    if (len7 === 126) {
      length = h.readUInt16BE(2);
      at = 4;
    } else if (len7 === 127) {
      const high = h.readUInt32BE(2);
      length = high > 0x1f_ffff ? Number.POSITIVE_INFINITY : high * 0x1_0000_0000 + h.readUInt32BE(6);
      at = 10;
    }
    return { fin: (h[0]! & 0x80) !== 0, rsv: h[0]! & 0x70, opcode: h[0]! & 0x0f, masked: (h[1]! & 0x80) !== 0, length, maskOffset: at };
  }

  /** Starts reading the next header. */
  reset(): void {
    this.len = 0;
    this.need = 2;
  }
}

/**
 * The header of a frame of `length` payload bytes: unmasked (server to client) without `key`,
 * masked with the 4-byte `key` (client to server, RFC 6455 §5.3) otherwise.
 */
export function encodeWsFrameHeader(fin: boolean, opcode: number, length: number, key?: Uint8Array): Buffer {
  const ext = length < 126 ? 0 : length < 0x1_0000 ? 2 : 8;
  const h = Buffer.allocUnsafe(2 + ext + (key ? 4 : 0));
  h[0] = (fin ? 0x80 : 0) | opcode;
  const mask = key ? 0x80 : 0;
  if (ext === 0) h[1] = mask | length;
  else if (ext === 2) {
    h[1] = mask | 126;
    h.writeUInt16BE(length, 2);
  } else {
    h[1] = mask | 127;
    h.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    h.writeUInt32BE(length >>> 0, 6);
  }
  if (key) h.set(key.subarray(0, 4), 2 + ext);
  return h;
}
