/**
 * @module tunnel/circuit — pipes binary frames between the two sockets of a circuit, metered.
 *
 * Frames are read off each TCP socket by a {@link FrameParser} and forwarded frame by frame:
 * the payload is unmasked in place (or taken as it is from a side allowed to send unmasked data
 * frames, see {@link Circuit.unmasked}) and written on with a new header as the slices the socket
 * delivered (one writev, no copy, no message reassembly); control frames stay with `ws`.
 * Per frame: the circuit's byte cap is checked at its header, before anything is forwarded (a
 * frame that would cross it ends the circuit with RESOURCE_LIMIT_EXCEEDED and is not
 * forwarded); its size is charged to the per-circuit and global token buckets, and reading
 * from the sender pauses while either is in debt; reading also pauses while more than
 * `highWaterBytes` are queued toward the receiver (backpressure). Bytes read while paused wait
 * unparsed, so relay memory per circuit stays bounded whatever the peers do.
 */
import type { Socket } from 'node:net';
import type { WebSocket, RawData } from 'ws';
import { CLOSE_CODES, type TunnelStatus } from './control.js';
import type { TunnelLimits } from './limits.js';
import { FrameParser, serverFrameHeader } from './frame-parser.js';
import { TokenBucket } from './token-bucket.js';
import { SlabReader, readIntoSlabs, slabHolder } from '@seedling/core/node';

/** Bytes a side forwards before its socket reads into slabs (idle or short circuits hold none). */
const SLAB_AFTER_BYTES = 1024 * 1024;

/** Which way a forwarded frame goes. */
export type CircuitDirection = 'dialer->listener' | 'listener->dialer';

/** Observes (and in tests may alter) each frame just before it is forwarded. */
export type ForwardTap = (chunk: Uint8Array, info: { circuitId: string; direction: CircuitDirection }) => void;

/** What a {@link Circuit} needs from its server. */
export interface CircuitContext {
  limits: TunnelLimits;
  globalBucket: TokenBucket;
  onForward?: ForwardTap;
  onBytes(n: number): void;
  onEnd(circuit: Circuit, status: TunnelStatus | 'CLOSED'): void;
  /** Whether the dialer / the listener asked to send unmasked data frames (see {@link Circuit.unmasked}). */
  unmasked?: readonly [boolean, boolean];
}

type PauseReason = 'rate' | 'backpressure';

/** The parts of `ws`'s WebSocket this file reaches into to read frames off the socket itself. */
interface WsInternals {
  _socket?: Socket;
  _receiver?: { _bufferedBytes?: number };
}

class Side {
  readonly reasons = new Set<PauseReason>();
  queued = 0;
  /** Set when frames are read off the raw socket (see {@link Circuit.takeOver}). */
  parser: FrameParser | undefined;
  socket: Socket | undefined;
  constructor(readonly ws: WebSocket) {}
  pause(r: PauseReason): void {
    if (this.reasons.size === 0) {
      if (this.parser) this.parser.paused = true;
      this.ws.pause();
    }
    this.reasons.add(r);
  }
  resume(r: PauseReason): void {
    if (!this.reasons.delete(r) || this.reasons.size > 0) return;
    // Frames read before the pause go first; they may pause reading again.
    if (this.parser && !this.parser.resume()) return;
    this.ws.resume();
  }
}

/** One open circuit between a dialer socket and a listener socket. */
export class Circuit {
  readonly id: string;
  readonly dialerIp: string;
  /**
   * Whether the dialer's / the listener's unmasked data frames are accepted: asked for, and
   * that side's frames are read off its socket (a `ws` receiver would fail them with 1002).
   */
  readonly unmasked: readonly [boolean, boolean];
  /** Bytes forwarded so far, both directions. */
  bytes = 0;
  private readonly ctx: CircuitContext;
  private readonly bucket: TokenBucket;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly sides: [Side, Side];
  private ended = false;

  constructor(id: string, dialerIp: string, dialer: WebSocket, listener: WebSocket, ctx: CircuitContext) {
    this.id = id;
    this.dialerIp = dialerIp;
    this.ctx = ctx;
    this.bucket = new TokenBucket(ctx.limits.circuitRateBytesPerSec, ctx.limits.circuitBurstBytes);
    const d = new Side(dialer);
    const l = new Side(listener);
    this.sides = [d, l];
    const asked = ctx.unmasked ?? [false, false];
    this.unmasked = [this.pipe(d, l, 'dialer->listener', asked[0]), this.pipe(l, d, 'listener->dialer', asked[1])];
    if (ctx.limits.maxCircuitDurationMs > 0) {
      this.timer(() => this.end('RESOURCE_LIMIT_EXCEEDED', 'circuit duration limit', d, l), ctx.limits.maxCircuitDurationMs);
    }
  }

  /** Bytes handed to the sockets and not yet written out, both directions (bounded by backpressure). */
  get queuedBytes(): number {
    return this.sides[0].queued + this.sides[1].queued;
  }

  private timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Forwards `src`'s frames to `dst`; returns whether `src`'s unmasked data frames are accepted. */
  private pipe(src: Side, dst: Side, direction: CircuitDirection, unmasked: boolean): boolean {
    const fast = this.takeOver(src, dst, direction, unmasked);
    src.ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.ended) return;
      // Read by ws only when frames are not read off the socket, or after a frame ws must judge.
      if (fast || !isBinary || !Buffer.isBuffer(data)) return this.end('MALFORMED_MESSAGE', 'only binary frames in a circuit', src, dst);
      if (!this.admit(data.length, src, dst)) return;
      this.forward(src, dst, direction, [data], data.length, (cb) => dst.ws.send(data, { binary: true }, cb));
    });
    src.ws.on('close', (code: number) => {
      // A normal close travels on; anything else tells the other side the circuit failed.
      if (code === 1000 || code === 1005) this.end('CLOSED', 'peer closed', src, dst);
      else this.end('CONNECTION_FAILED', 'peer connection failed', src, dst);
    });
    src.ws.on('error', () => undefined);
    return fast && unmasked;
  }

  /**
   * Reads `src`'s frames off its TCP socket (see frame-parser.ts): binary frames are forwarded
   * as they are, unmasked in place, without `ws` reassembling messages; control frames and
   * anything irregular go back to `ws`. Returns false (ws reads everything, message by
   * message) if ws's internals are not as expected or it holds a partial frame.
   */
  private takeOver(src: Side, dst: Side, direction: CircuitDirection, unmasked: boolean): boolean {
    const internals = src.ws as unknown as WsInternals;
    const dstSocket = (dst.ws as unknown as WsInternals)._socket;
    const socket = internals._socket;
    if (!socket || !dstSocket || (internals._receiver?._bufferedBytes ?? 1) !== 0) return false;
    const listeners = socket.listeners('data') as ((this: Socket, chunk: Buffer) => void)[];
    if (listeners.length !== 1) return false;
    const wsOnData = listeners[0]!;
    const release = (pieces: readonly Buffer[]): void => {
      for (const p of pieces) slabHolder.release(p);
    };
    let forwarded = 0;
    let slabs: SlabReader | null | undefined; // null: tried, not possible here
    // Once this side carries bulk data, reads land in recycled slabs (no ArrayBuffer per read, see tunnel-slab-reader.ts in @seedling/core/node).
    const useSlabs = (): void => {
      const reader = new SlabReader();
      const ok = readIntoSlabs(socket, reader, (chunk) => {
        parser.push(chunk);
        slabHolder.release(chunk);
      });
      if (!ok) {
        slabs = null;
        return reader.close();
      }
      slabs = reader;
      socket.once('close', () => reader.close());
    };
    const parser = new FrameParser(
      {
        // After the end, frames are still read (and dropped) so the close reply reaches ws.
        begin: (n) => {
          if (!this.ended) this.admit(n, src, dst);
          return true;
        },
        data: (f) => {
          if (this.ended) return release(f.pieces);
          const header = serverFrameHeader(f.fin, f.opcode, f.length);
          if (slabs === undefined && (forwarded += f.length) >= SLAB_AFTER_BYTES && !socket.destroyed) useSlabs();
          const held = f.pieces.slice(); // the slab slices to release once written (the tap may replace f.pieces)
          this.forward(src, dst, direction, f.pieces, f.length, (cb) => {
            if (dstSocket.destroyed || !dstSocket.writable) return release(held);
            // One writev per frame: header and slices leave together, so a frame ws writes
            // itself (close, pong) never lands inside one of ours.
            dstSocket.cork();
            dstSocket.write(header);
            const last = f.pieces.length - 1;
            for (let i = 0; i < last; i++) dstSocket.write(f.pieces[i]!);
            dstSocket.write(last >= 0 ? f.pieces[last]! : Buffer.alloc(0), () => {
              release(held); // written (or failed) as one writev: the slabs' bytes are free
              cb();
            });
            dstSocket.uncork();
          });
        },
        oversize: () => {
          if (this.ended) return;
          // As ws does past maxPayload: 1009 to the sender; the other side learns the circuit failed.
          src.ws.close(1009, 'message too big');
          this.end('CONNECTION_FAILED', 'message too big', src, dst);
        },
        control: (raw) => wsOnData.call(socket, raw),
        handOver: (rest) => wsOnData.call(socket, rest),
      },
      this.ctx.limits.maxFrameBytes,
      slabHolder,
      unmasked,
    );
    socket.removeListener('data', wsOnData);
    socket.on('data', (chunk: Buffer) => parser.push(chunk)); // until slabs are used (or if they cannot be)
    src.parser = parser;
    src.socket = socket;
    dst.socket = dstSocket;
    return true;
  }

  /** Checks the byte cap for a frame of `n` bytes about to be forwarded; ends the circuit if it would cross it. */
  private admit(n: number, src: Side, dst: Side): boolean {
    const { maxCircuitBytes } = this.ctx.limits;
    if (maxCircuitBytes > 0 && this.bytes + n > maxCircuitBytes) {
      this.end('RESOURCE_LIMIT_EXCEEDED', 'circuit byte limit', src, dst);
      return false;
    }
    return true;
  }

  /** Forwards one frame (`write`), metered: bytes, tap, backpressure and rate pauses of `src`. */
  private forward(src: Side, dst: Side, direction: CircuitDirection, pieces: Buffer[], n: number, write: (cb: () => void) => void): void {
    const { limits } = this.ctx;
    this.bytes += n;
    if (this.ctx.onForward) {
      // Tests look at (and may alter) the whole frame; without a tap nothing is copied.
      const whole = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, n);
      this.ctx.onForward(whole, { circuitId: this.id, direction });
      if (pieces.length !== 1) pieces.splice(0, pieces.length, whole);
    }
    dst.queued += n;
    write(() => {
      dst.queued -= n;
      if (dst.queued <= limits.highWaterBytes / 2) src.resume('backpressure');
    });
    this.ctx.onBytes(n);
    if (dst.queued > limits.highWaterBytes) src.pause('backpressure');
    const wait = Math.max(this.bucket.take(n), this.ctx.globalBucket.take(n));
    if (wait > 0 && !src.reasons.has('rate')) {
      src.pause('rate');
      this.timer(() => src.resume('rate'), wait);
    }
  }

  private end(status: TunnelStatus | 'CLOSED', reason: string, a: Side, b: Side): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const code = status === 'CLOSED' || status === 'OK' ? 1000 : CLOSE_CODES[status];
    for (const s of [a, b]) {
      if (s.reasons.size > 0) {
        s.reasons.clear();
        s.parser?.resume();
        s.ws.resume();
      }
      if (s.ws.readyState === s.ws.OPEN) s.ws.close(code, status === 'CLOSED' ? reason : status);
    }
    this.ctx.onEnd(this, status);
  }
}
