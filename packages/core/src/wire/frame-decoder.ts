/**
 * @module wire/frame-decoder — incremental, sans-IO decoder of a peer wire byte stream.
 *
 * Explicit states: `handshake` (68 bytes, BEP 3) → `length` (4-byte big-endian prefix) →
 * `body` (id + payload) → `length` …, plus `skip` for unknown message ids (legal BEP 3
 * extensions: their bytes are discarded without being buffered) and `failed` after an error.
 * Bytes may be split at any offset. A frame that arrives inside one chunk is decoded in place,
 * so a piece message's block is a subarray view of that chunk (zero copy); a frame split across
 * chunks is assembled into one buffer of exactly its length (one copy). With `chunksReused`
 * only piece blocks alias the chunk (other in-place frames are copied).
 *
 * Every length the peer announces is checked as soon as it is known: the length prefix against
 * `maxFrameLength` before anything is buffered, then against the bound of its message type as
 * soon as the id byte arrives.
 */
import { WireProtocolError } from './errors.js';
import { checkBodyLength, decodeBody } from './decode-message.js';
import { HANDSHAKE_LENGTH, bytesEqual, checkHandshakePrefix, decodeHandshake } from './handshake.js';
import { checkMessageGeometry, resolveLimits, type TorrentGeometry, type WireLimits } from './limits.js';
import { MessageId, isKnownMessageId } from './message-id.js';
import type { WireMessage } from './messages.js';

/** Decoder states (see module doc). */
export type FrameDecoderState = 'handshake' | 'length' | 'body' | 'skip' | 'failed';

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Hard limits; missing ones take {@link DEFAULT_WIRE_LIMITS}. */
  limits?: Partial<WireLimits>;
  /** Start by reading a BEP 3 handshake (default true). */
  expectHandshake?: boolean;
  /**
   * Info-hashes we accept (v1 SHA-1, or v2 SHA-256 truncated to 20 bytes for BEP 52). When
   * given, any other handshake info-hash fails with `WIRE_INFO_HASH_MISMATCH`.
   */
  infoHashes?: readonly Uint8Array[];
  /** Torrent shape, enabling index/range/bitfield checks; may be set later (magnet links). */
  geometry?: TorrentGeometry;
  /**
   * The caller reuses a chunk's memory once it has handled the messages of that push (borrowed
   * transport reads). Frames decoded in place are then decoded from a copy, except `piece`
   * messages: their block stays a view of the chunk, for the caller to copy where it keeps it
   * (its piece buffer) — the one copy a block needs anyway. A piece frame split across chunks
   * is assembled in a reused buffer: its block too is valid only until the next push.
   */
  chunksReused?: boolean;
}

/** Incremental peer wire decoder. Feed chunks with {@link FrameDecoder.push}. */
export class FrameDecoder {
  private st: FrameDecoderState;
  private readonly limits: WireLimits;
  private readonly infoHashes: readonly Uint8Array[] | undefined;
  private geometry: TorrentGeometry | undefined;
  private failure: unknown;
  /** Handshake or length-prefix bytes gathered so far. */
  private readonly scratch = new Uint8Array(HANDSHAKE_LENGTH);
  private filled = 0;
  /** Body length (id included) of the current frame, or bytes left to skip. */
  private frameLength = 0;
  private body: Uint8Array | null = null;
  private skipped = 0;
  private readonly chunksReused: boolean;
  /**
   * With `chunksReused`: two buffers that piece frames split across chunks are assembled in, used
   * in turn (about one block in four straddles a 64 KiB read). At most one assembled frame
   * completes per push and the caller has handled it before the next push, so the one being
   * filled is never the one the caller still reads.
   */
  private readonly assembly: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  private assemblyTurn = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.st = options.expectHandshake === false ? 'length' : 'handshake';
    this.infoHashes = options.infoHashes;
    this.geometry = options.geometry;
    this.chunksReused = options.chunksReused ?? false;
  }

  /** Current state. */
  get state(): FrameDecoderState {
    return this.st;
  }

  /** Frames with unknown ids skipped so far. */
  get skippedFrames(): number {
    return this.skipped;
  }

  /** Set the torrent shape once known (e.g. after a magnet's metadata arrived). */
  setGeometry(geometry: TorrentGeometry): void {
    this.geometry = geometry;
  }

  /**
   * Consume one chunk and return the messages it completed, in order. Views inside returned
   * messages alias `chunk`: copy them if the chunk's memory is reused. Throws
   * {@link WireProtocolError}; after that the decoder stays `failed` and rethrows.
   */
  push(chunk: Uint8Array): WireMessage[] {
    if (this.st === 'failed') throw this.failure;
    const out: WireMessage[] = [];
    try {
      this.consume(chunk, out);
    } catch (err) {
      // Not wrapped: anything but a WireProtocolError is a bug here, and the fuzz tests must see it.
      this.st = 'failed';
      this.failure = err;
      throw err;
    }
    return out;
  }

  private consume(chunk: Uint8Array, out: WireMessage[]): void {
    const n = chunk.length;
    let off = 0;
    while (off < n) {
      switch (this.st) {
        case 'handshake': {
          const take = Math.min(HANDSHAKE_LENGTH - this.filled, n - off);
          const part = chunk.subarray(off, off + take);
          checkHandshakePrefix(part, this.filled); // a wrong pstr fails at its first byte
          this.scratch.set(part, this.filled);
          this.filled += take;
          off += take;
          if (this.filled === HANDSHAKE_LENGTH) {
            out.push(this.acceptHandshake());
            this.filled = 0;
            this.st = 'length';
          }
          break;
        }
        case 'length': {
          let length: number;
          if (this.filled === 0 && n - off >= 4) {
            length = readU32(chunk, off);
            off += 4;
          } else {
            const take = Math.min(4 - this.filled, n - off);
            this.scratch.set(chunk.subarray(off, off + take), this.filled);
            this.filled += take;
            off += take;
            if (this.filled < 4) break;
            this.filled = 0;
            length = readU32(this.scratch, 0);
          }
          this.startFrame(length, out);
          break;
        }
        case 'body': {
          if (this.body === null) {
            const id = chunk[off]!;
            // Bound the length by message type before buffering anything of the body.
            checkBodyLength(id, this.frameLength, this.limits, this.geometry?.pieceCount);
            if (!isKnownMessageId(id)) {
              this.st = 'skip';
              break;
            }
            if (n - off >= this.frameLength) {
              // The per-block messages (piece on a downloader, request on a seeder: 64 of each
              // per MiB) are read straight from the chunk: no body view, DataView or copy each.
              const fixed = decodeInPlace(chunk, off, this.frameLength, id);
              if (fixed) {
                if (this.geometry) checkMessageGeometry(fixed, this.geometry, this.limits);
                out.push(fixed);
              } else {
                const body = chunk.subarray(off, off + this.frameLength); // zero copy
                this.emit(this.chunksReused && id !== MessageId.Piece ? body.slice() : body, out);
              }
              off += this.frameLength;
              this.st = 'length';
              break;
            }
            this.body = this.chunksReused && id === MessageId.Piece ? this.assemblyBuffer(this.frameLength) : new Uint8Array(this.frameLength);
            this.filled = 0;
          }
          const take = Math.min(this.frameLength - this.filled, n - off);
          this.body.set(chunk.subarray(off, off + take), this.filled);
          this.filled += take;
          off += take;
          if (this.filled === this.frameLength) {
            const body = this.body;
            this.body = null;
            this.filled = 0;
            this.st = 'length';
            this.emit(body, out);
          }
          break;
        }
        case 'skip': {
          const take = Math.min(this.frameLength, n - off);
          this.frameLength -= take;
          off += take;
          if (this.frameLength === 0) {
            this.skipped++;
            this.st = 'length';
          }
          break;
        }
        case 'failed':
          throw this.failure;
      }
    }
  }

  private assemblyBuffer(length: number): Uint8Array {
    const turn = (this.assemblyTurn ^= 1);
    let buf = this.assembly[turn]!;
    // At least a 16 KiB block's frame (id, index, begin: 9 bytes), so short blocks don't regrow it.
    if (buf.length < length) buf = this.assembly[turn] = new Uint8Array(Math.max(length, 16384 + 9));
    return buf.subarray(0, length);
  }

  private acceptHandshake(): WireMessage {
    const hs = decodeHandshake(this.scratch);
    if (this.infoHashes && !this.infoHashes.some((h) => bytesEqual(h, hs.infoHash))) {
      throw new WireProtocolError('WIRE_INFO_HASH_MISMATCH', 'peer handshake carries an info-hash we do not serve');
    }
    return hs;
  }

  private startFrame(length: number, out: WireMessage[]): void {
    // Refused here, from the 4 prefix bytes alone: a 2 GiB announcement never allocates.
    if (length > this.limits.maxFrameLength) {
      throw new WireProtocolError('WIRE_FRAME_TOO_LARGE', `announced frame of ${length} bytes exceeds ${this.limits.maxFrameLength}`);
    }
    if (length === 0) {
      out.push({ type: 'keep-alive' });
      return;
    }
    this.frameLength = length;
    this.st = 'body';
  }

  private emit(body: Uint8Array, out: WireMessage[]): void {
    const msg = decodeBody(body, this.limits, this.geometry?.pieceCount);
    if (msg === null) return;
    if (this.geometry) checkMessageGeometry(msg, this.geometry, this.limits);
    out.push(msg);
  }
}

/**
 * The frequent messages of a frame lying whole in `chunk` at `off` (its length already checked
 * by checkBodyLength): `piece` (its block a view of the chunk, as decodeBody makes it), and the
 * fixed-size `have`, `request`, `cancel` and `reject`, whose fields are plain numbers (nothing
 * aliases the chunk). Null for any other message: decodeBody handles those.
 */
function decodeInPlace(chunk: Uint8Array, off: number, length: number, id: number): WireMessage | null {
  switch (id) {
    case MessageId.Piece:
      return { type: 'piece', index: readU32(chunk, off + 1), begin: readU32(chunk, off + 5), block: chunk.subarray(off + 9, off + length) };
    case MessageId.Request:
      return { type: 'request', index: readU32(chunk, off + 1), begin: readU32(chunk, off + 5), length: readU32(chunk, off + 9) };
    case MessageId.Have:
      return { type: 'have', index: readU32(chunk, off + 1) };
    case MessageId.Cancel:
      return { type: 'cancel', index: readU32(chunk, off + 1), begin: readU32(chunk, off + 5), length: readU32(chunk, off + 9) };
    case MessageId.RejectRequest:
      return { type: 'reject', index: readU32(chunk, off + 1), begin: readU32(chunk, off + 5), length: readU32(chunk, off + 9) };
    default:
      return null;
  }
}

function readU32(bytes: Uint8Array, off: number): number {
  return ((bytes[off]! << 24) >>> 0) + (bytes[off + 1]! << 16) + (bytes[off + 2]! << 8) + bytes[off + 3]!;
}
